package org.availkit.server.agent;

import java.time.OffsetDateTime;
import java.util.List;
import org.availkit.contract.AvailabilityStatus;

/**
 * An agent as the API answers it: its row and its roles, permissions and teams, which are read (and
 * kept) apart from the row ({@link Agents#details}). Carries no secret.
 */
public record AgentDetails(
    AgentRow row, List<String> roles, List<String> permissions, List<Team> teams) {

  public record Team(long id, String name, String emoji) {}

  public AgentDetails {
    roles = List.copyOf(roles);
    permissions = List.copyOf(permissions);
    teams = List.copyOf(teams);
  }

  AgentDetails(AgentRow row, AgentLists lists) {
    this(row, lists.roles(), lists.permissions(), lists.teams());
  }

  /** This agent after a status change written at {@code updatedAt}. */
  public AgentDetails withStatus(AvailabilityStatus status, OffsetDateTime updatedAt) {
    return new AgentDetails(row.withStatus(status, updatedAt), roles, permissions, teams);
  }

  public long id() {
    return row.id();
  }

  public OffsetDateTime createdAt() {
    return row.createdAt();
  }

  public OffsetDateTime updatedAt() {
    return row.updatedAt();
  }

  public String firstName() {
    return row.firstName();
  }

  public String lastName() {
    return row.lastName();
  }

  public String email() {
    return row.email();
  }

  public String type() {
    return row.type();
  }

  public AvailabilityStatus availabilityStatus() {
    return row.availabilityStatus();
  }

  public String phoneNumberCountryCode() {
    return row.phoneNumberCountryCode();
  }

  public String phoneNumber() {
    return row.phoneNumber();
  }

  public String avatarUrl() {
    return row.avatarUrl();
  }

  public boolean enabled() {
    return row.enabled();
  }

  public OffsetDateTime lastActiveAt() {
    return row.lastActiveAt();
  }

  public OffsetDateTime lastLoginAt() {
    return row.lastLoginAt();
  }

  public String customAttributesJson() {
    return row.customAttributesJson();
  }

  public String apiKey() {
    return row.apiKey();
  }

  public OffsetDateTime apiKeyLastUsedAt() {
    return row.apiKeyLastUsedAt();
  }
}
