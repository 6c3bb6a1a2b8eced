package org.availkit.server.agent;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.availkit.contract.AvailabilityStatus;

/** Agents' rows as a statement would read them, for unit tests outside this package. */
public final class AgentRows {

  /** When the fixtures' agents were created and last updated. */
  public static final OffsetDateTime CREATED =
      OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

  private AgentRows() {}

  /** An agent with no roles, permissions or teams. */
  public static AgentDetails details(
      long id,
      AvailabilityStatus status,
      boolean enabled,
      String apiKey,
      OffsetDateTime apiKeyLastUsedAt) {
    return new AgentDetails(
        row(id, status, enabled, apiKey, apiKeyLastUsedAt), List.of(), List.of(), List.of());
  }

  public static AgentRow row(
      long id,
      AvailabilityStatus status,
      boolean enabled,
      String apiKey,
      OffsetDateTime apiKeyLastUsedAt) {
    return new AgentRow(
        id,
        CREATED,
        CREATED,
        "Test",
        "Agent",
        "agent-" + id + "@test.example",
        "agent",
        status,
        null,
        null,
        null,
        enabled,
        null,
        null,
        "{}",
        apiKey,
        apiKeyLastUsedAt);
  }

  /**
   * The agents over {@code repository} (a mock, in unit tests), as on a database that other
   * processes write: no row is kept, lists are read every time, key hints are kept as always.
   */
  public static Agents agents(AgentRepository repository) {
    return new Agents(repository, KeyRecordCache.off(), Duration.ZERO);
  }
}
