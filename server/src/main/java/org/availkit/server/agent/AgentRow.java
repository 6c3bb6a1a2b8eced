package org.availkit.server.agent;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * An agent's row as one statement read it, before its roles, permissions and teams:
 * {@link AgentRepository#withLists} reads those and makes the {@link AgentDetails}. Carries no
 * secret.
 */
public final class AgentRow {

  /** The row's columns; its lists are empty until {@link #with} fills them. */
  private final AgentDetails columns;

  AgentRow(AgentDetails columns) {
    this.columns = columns;
  }

  public long id() {
    return columns.id();
  }

  public boolean enabled() {
    return columns.enabled();
  }

  /** The key the row holds now; null once revoked. */
  String apiKey() {
    return columns.apiKey();
  }

  public OffsetDateTime apiKeyLastUsedAt() {
    return columns.apiKeyLastUsedAt();
  }

  /** This row after a use of its key was recorded at {@code lastUsedAt}. */
  public AgentRow withKeyLastUsedAt(OffsetDateTime lastUsedAt) {
    return new AgentRow(columns.withKeyLastUsedAt(lastUsedAt));
  }

  AgentDetails with(List<String> roles, List<String> permissions, List<AgentDetails.Team> teams) {
    return columns.withLists(roles, permissions, teams);
  }
}
