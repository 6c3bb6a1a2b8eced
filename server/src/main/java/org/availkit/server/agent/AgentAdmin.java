package org.availkit.server.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.server.agent.AgentRepository.NewAgent;
import org.availkit.server.auth.ApiSecrets;
import org.availkit.server.auth.ApiSecrets.Credentials;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What operators do to agents: create them, rotate and revoke keys, disable them. */
@Service
public class AgentAdmin {

  private final Agents agents;
  private final Clock clock;

  AgentAdmin(Agents agents, Clock clock) {
    this.agents = agents;
    this.clock = clock;
  }

  /**
   * The same operations on {@code template}'s database, outside any application context: the {@code
   * agents} command line's, which runs one operation and exits, so it keeps nothing in memory (no
   * row cache, no lists cache). No Spring proxy either, so {@code @Transactional} means nothing
   * here: the caller runs each operation in a transaction of its own.
   */
  public static AgentAdmin withoutContext(JdbcTemplate template, Clock clock) {
    return new AgentAdmin(
        new Agents(new AgentRepository(template), KeyRecordCache.off(), Duration.ZERO), clock);
  }

  /**
   * A created agent and its credentials; the secret exists only here and in the answer to the
   * operator.
   */
  public record Created(long id, Credentials credentials) {}

  /**
   * An agent to create: what {@code agents create} takes, one of many for {@code agents import}.
   */
  public record NewAgentRequest(
      String email, String firstName, String lastName, List<String> roles, List<String> teams) {}

  public Created create(
      String email, String firstName, String lastName, List<String> roles, List<String> teams) {
    return create(new NewAgentRequest(email, firstName, lastName, roles, teams));
  }

  /**
   * Creates all the agents or none: one transaction, so a line that fails (a duplicate email, an
   * unknown role) leaves the database as it was. Returns the credentials in the order given.
   */
  @Transactional
  public List<Created> importAll(List<NewAgentRequest> requests) {
    List<Created> created = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      try {
        created.add(create(requests.get(i)));
      } catch (IllegalArgumentException | UnknownRoleException e) {
        throw new IllegalArgumentException(
            "Agent " + (i + 1) + ": " + e.getMessage() + " Nothing was imported.", e);
      }
    }
    return created;
  }

  private Created create(NewAgentRequest request) {
    String email = request.email();
    String firstName = request.firstName();
    String lastName = request.lastName();
    List<String> roles = request.roles();
    List<String> teams = request.teams();
    if (email == null || email.isBlank() || firstName == null || firstName.isBlank()) {
      throw new IllegalArgumentException("An agent needs an email and a first name.");
    }
    storable("email", email);
    storable("first name", firstName);
    storable("last name", lastName);
    roles.forEach(role -> storable("role", role));
    teams.forEach(team -> storable("team", team));
    Credentials credentials = ApiSecrets.newCredentials();
    List<String> effectiveRoles = roles.isEmpty() ? List.of("agent") : roles;
    NewAgent agent =
        new NewAgent(
            email,
            firstName,
            lastName == null ? "" : lastName,
            effectiveRoles,
            teams,
            AvailabilityStatus.OFFLINE,
            credentials.apiKey(),
            ApiSecrets.hash(credentials.apiSecret()));
    try {
      return new Created(agents.create(agent, now()), credentials);
    } catch (DuplicateKeyException e) {
      throw new IllegalArgumentException(
          "An agent with the email " + AgentRepository.normalizeEmail(email) + " already exists.");
    }
  }

  /**
   * Refuses text that PostgreSQL cannot store as given, so that every database refuses it alike: a
   * NUL character, which PostgreSQL refuses in a text parameter (the import then failed with a
   * database error), and half of a surrogate pair, which is no Unicode text and which its driver
   * writes as {@code ?}. H2 stores both as they are.
   */
  private static void storable(String field, String value) {
    if (value == null) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 0) {
        throw new IllegalArgumentException("The " + field + " contains a NUL character.");
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "The " + field + " contains half of a surrogate pair, which is not Unicode text.");
      }
    }
  }

  public List<AgentDetails> list() {
    return agents.findAll();
  }

  public Optional<Created> rotateKey(String email) {
    Credentials credentials = ApiSecrets.newCredentials();
    if (!agents.replaceKey(
        email, credentials.apiKey(), ApiSecrets.hash(credentials.apiSecret()), now())) {
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
