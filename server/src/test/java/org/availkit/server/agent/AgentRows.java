package org.availkit.server.agent;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.availkit.contract.AvailabilityStatus;

/** Agents' rows as a statement would read them, for unit tests outside this package (the row's constructor is the repository's). */
public final class AgentRows {

  /** When the fixtures' agents were created and last updated. */
  public static final OffsetDateTime CREATED = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

  private AgentRows() {}

  /** An agent with no roles, permissions or teams yet (the row's columns). */
  public static AgentDetails details(long id, AvailabilityStatus status, boolean enabled, String apiKey,
      OffsetDateTime apiKeyLastUsedAt) {
    return new AgentDetails(id, CREATED, CREATED, "Test", "Agent", "agent-" + id + "@test.example", "agent", status,
        null, null, null, enabled, null, null, List.of(), List.of(), "{}", List.of(), apiKey, apiKeyLastUsedAt);
  }

  public static AgentRow row(AgentDetails columns) {
    return new AgentRow(columns);
  }

  public static AgentRow row(long id, AvailabilityStatus status, boolean enabled, String apiKey,
      OffsetDateTime apiKeyLastUsedAt) {
    return row(details(id, status, enabled, apiKey, apiKeyLastUsedAt));
  }
}
