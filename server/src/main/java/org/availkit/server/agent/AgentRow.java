package org.availkit.server.agent;

import java.time.OffsetDateTime;
import org.availkit.contract.AvailabilityStatus;

/**
 * An agent's row, the columns of {@code agents} as one statement read them: what authentication
 * reads with the key, and what a request then answers from, with the agent's lists beside it in
 * {@link AgentDetails}. Carries no secret.
 */
public record AgentRow(
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
    String customAttributesJson,
    String apiKey,
    OffsetDateTime apiKeyLastUsedAt) {

  /** This row after a status change written at {@code updatedAt}. */
  public AgentRow withStatus(AvailabilityStatus status, OffsetDateTime updatedAt) {
    return new AgentRow(
        id,
        createdAt,
        updatedAt,
        firstName,
        lastName,
        email,
        type,
        status,
        phoneNumberCountryCode,
        phoneNumber,
        avatarUrl,
        enabled,
        lastActiveAt,
        lastLoginAt,
        customAttributesJson,
        apiKey,
        apiKeyLastUsedAt);
  }

  /** This row after a use of its key was recorded at {@code lastUsedAt}. */
  public AgentRow withKeyLastUsedAt(OffsetDateTime lastUsedAt) {
    return new AgentRow(
        id,
        createdAt,
        updatedAt,
        firstName,
        lastName,
        email,
        type,
        availabilityStatus,
        phoneNumberCountryCode,
        phoneNumber,
        avatarUrl,
        enabled,
        lastActiveAt,
        lastLoginAt,
        customAttributesJson,
        apiKey,
        lastUsedAt);
  }
}
