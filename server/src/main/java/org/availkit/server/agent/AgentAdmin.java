package org.availkit.server.agent;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.server.agent.AgentRepository.NewAgent;
import org.availkit.server.auth.ApiSecrets;
import org.availkit.server.auth.ApiSecrets.Credentials;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/** What operators do to agents: create them, rotate and revoke keys, disable them. */
@Service
public class AgentAdmin {

  private final AgentRepository agents;
  private final Clock clock;

  AgentAdmin(AgentRepository agents, Clock clock) {
    this.agents = agents;
    this.clock = clock;
  }

  /** A created agent and its credentials; the secret exists only here and in the answer to the operator. */
  public record Created(long id, Credentials credentials) {}

  public Created create(String email, String firstName, String lastName, List<String> roles, List<String> teams) {
    Credentials credentials = ApiSecrets.newCredentials();
    List<String> effectiveRoles = roles.isEmpty() ? List.of("agent") : roles;
    NewAgent agent = new NewAgent(email, firstName, lastName == null ? "" : lastName, effectiveRoles,
        teams, AvailabilityStatus.OFFLINE, credentials.apiKey(), ApiSecrets.hash(credentials.apiSecret()));
    try {
      return new Created(agents.create(agent, now()), credentials);
    } catch (DuplicateKeyException e) {
      throw new IllegalArgumentException("An agent with the email " + AgentRepository.normalizeEmail(email) + " already exists.");
    }
  }

  public List<AgentDetails> list() {
    return agents.findAll();
  }

  public Optional<Created> rotateKey(String email) {
    Credentials credentials = ApiSecrets.newCredentials();
    if (!agents.replaceKey(email, credentials.apiKey(), ApiSecrets.hash(credentials.apiSecret()), now())) {
      return Optional.empty();
    }
    return agents.findByEmail(email).map(a -> new Created(a.id(), credentials));
  }

  public Optional<AgentDetails> revokeKey(String email) {
    return agents.revokeKey(email, now()) ? agents.findByEmail(email) : Optional.empty();
  }

  public Optional<AgentDetails> disable(String email) {
    return agents.disable(email, now()) ? agents.findByEmail(email) : Optional.empty();
  }

  public boolean noAgents() {
    return agents.count() == 0;
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock);
  }
}
