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

  public OffsetDateTime apiKeyLastUsedAt() {
    return columns.apiKeyLastUsedAt();
  }

  /** This row after a use of its key was recorded at {@code lastUsedAt}. */
  public AgentRow withKeyLastUsedAt(OffsetDateTime lastUsedAt) {
    AgentDetails c = columns;
    return new AgentRow(new AgentDetails(c.id(), c.createdAt(), c.updatedAt(), c.firstName(), c.lastName(), c.email(),
        c.type(), c.availabilityStatus(), c.phoneNumberCountryCode(), c.phoneNumber(), c.avatarUrl(), c.enabled(),
        c.lastActiveAt(), c.lastLoginAt(), c.roles(), c.permissions(), c.customAttributesJson(), c.teams(), c.apiKey(),
        lastUsedAt));
  }

  AgentDetails with(List<String> roles, List<String> permissions, List<AgentDetails.Team> teams) {
    AgentDetails c = columns;
    return new AgentDetails(c.id(), c.createdAt(), c.updatedAt(), c.firstName(), c.lastName(), c.email(), c.type(),
        c.availabilityStatus(), c.phoneNumberCountryCode(), c.phoneNumber(), c.avatarUrl(), c.enabled(),
        c.lastActiveAt(), c.lastLoginAt(), roles, permissions, c.customAttributesJson(), teams, c.apiKey(),
        c.apiKeyLastUsedAt());
  }
}
