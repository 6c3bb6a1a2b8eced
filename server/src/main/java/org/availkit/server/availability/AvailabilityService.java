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

/**
 * Applies an availability request: the contract's rules decide, the repository writes the
 * decision as one conditional update, and the agent is read back as it now is.
 */
@Service
public class AvailabilityService {

  private final AgentRepository agents;
  private final Clock clock;

  AvailabilityService(AgentRepository agents, Clock clock) {
    this.agents = agents;
    this.clock = clock;
  }

  public AgentDetails update(long agentId, RequestedStatus requested, Source source) {
    Decision decision = AvailabilityRules.decide(requested, source);
    if (decision instanceof Rejection rejection) {
      throw ApiError.input(rejection.message(), rejection.field(), rejection.allowedValues());
    }
    agents.apply(agentId, (Transition) decision, now());
    return agents.findById(agentId).orElseThrow(ApiError::unauthorized);
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock);
  }
}
