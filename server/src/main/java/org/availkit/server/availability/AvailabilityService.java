package org.availkit.server.availability;

import java.time.Clock;
import java.time.OffsetDateTime;
import org.availkit.contract.AvailabilityRules;
import org.availkit.contract.AvailabilityRules.Decision;
import org.availkit.contract.AvailabilityRules.Rejection;
import org.availkit.contract.AvailabilityRules.Transition;
import org.availkit.contract.RequestedStatus;
import org.availkit.contract.Source;
import org.availkit.server.agent.AgentDetails;
import org.availkit.server.agent.AgentRepository;
import org.availkit.server.system.ApiError;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies an availability request: the contract's rules decide, the repository writes the
 * decision as one conditional update, and the agent is read back. The three steps are one
 * transaction holding the agent's row lock, so the answer is this request's result: a concurrent
 * request for the same agent waits for it instead of changing the status between the write and
 * the read (ConcurrencyIntegrationTest found that).
 */
@Service
public class AvailabilityService {

  private final AgentRepository agents;
  private final Clock clock;

  AvailabilityService(AgentRepository agents, Clock clock) {
    this.agents = agents;
    this.clock = clock;
  }

  @Transactional
  public AgentDetails update(long agentId, RequestedStatus requested, Source source) {
    Decision decision = AvailabilityRules.decide(requested, source);
    if (decision instanceof Rejection rejection) {
      throw ApiError.input(rejection.message(), rejection.field(), rejection.allowedValues());
    }
    if (!agents.lock(agentId)) {
      throw ApiError.unauthorized();
    }
    agents.apply(agentId, (Transition) decision, now());
    return agents.findById(agentId).orElseThrow(ApiError::unauthorized);
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock);
  }
}
