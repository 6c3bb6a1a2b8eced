package org.availkit.server.agent;

import java.time.OffsetDateTime;
import java.util.List;
import org.availkit.contract.AvailabilityStatus;

/** An agent as stored, with its roles, permissions and teams. Carries no secret. */
public record AgentDetails(
    long id,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    String firstName,
    String lastName,
    String email,
    String type,
    AvailabilityStatus availabilityStatus,
    String phoneNumberCountryCode,
    String phoneNumber,
    String avatarUrl,
    boolean enabled,
    OffsetDateTime lastActiveAt,
    OffsetDateTime lastLoginAt,
    List<String> roles,
    List<String> permissions,
    String customAttributesJson,
    List<Team> teams,
    String apiKey,
    OffsetDateTime apiKeyLastUsedAt) {

  public record Team(long id, String name, String emoji) {}

  /** This agent after a status change written at {@code updatedAt}. */
  public AgentDetails withStatus(AvailabilityStatus status, OffsetDateTime updatedAt) {
    return copy(status, updatedAt, roles, permissions, teams, apiKeyLastUsedAt);
  }

  /** This agent with its roles, permissions and teams. */
  public AgentDetails withLists(List<String> roles, List<String> permissions, List<Team> teams) {
    return copy(availabilityStatus, updatedAt, roles, permissions, teams, apiKeyLastUsedAt);
  }

  /** This agent after a use of its key was recorded at {@code lastUsedAt}. */
  public AgentDetails withKeyLastUsedAt(OffsetDateTime lastUsedAt) {
    return copy(availabilityStatus, updatedAt, roles, permissions, teams, lastUsedAt);
  }

  /** A copy with the fields that change after a read. */
  private AgentDetails copy(AvailabilityStatus status, OffsetDateTime updatedAt, List<String> roles,
      List<String> permissions, List<Team> teams, OffsetDateTime apiKeyLastUsedAt) {
    return new AgentDetails(id, createdAt, updatedAt, firstName, lastName, email, type, status,
        phoneNumberCountryCode, phoneNumber, avatarUrl, enabled, lastActiveAt, lastLoginAt, roles, permissions,
        customAttributesJson, teams, apiKey, apiKeyLastUsedAt);
  }
}
