package org.availkit.server.agent;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.availkit.server.api.model.Agent;
import org.availkit.server.api.model.AgentResponse;
import org.availkit.server.api.model.AvailabilityStatus;
import org.availkit.server.api.model.TeamCompact;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stored agents to the generated API model: the success envelope, times in UTC. */
@Component
class AgentMapper {

  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private final JsonMapper json;

  AgentMapper(JsonMapper json) {
    this.json = json;
  }

  AgentResponse toResponse(AgentDetails a) {
    Agent agent =
        new Agent(
            a.id(),
            utc(a.createdAt()),
            utc(a.updatedAt()),
            a.firstName(),
            a.lastName(),
            a.email(),
            a.type(),
            AvailabilityStatus.fromValue(a.availabilityStatus().wire()),
            a.phoneNumberCountryCode(),
            a.phoneNumber(),
            a.avatarUrl(),
            a.enabled(),
            utc(a.lastActiveAt()),
            utc(a.lastLoginAt()),
            a.roles(),
            a.permissions(),
            json.readValue(a.customAttributesJson(), OBJECT),
            a.teams().stream().map(t -> new TeamCompact(t.id(), t.name(), t.emoji())).toList(),
            a.apiKey(),
            utc(a.apiKeyLastUsedAt()));
    return new AgentResponse(AgentResponse.StatusEnum.SUCCESS, agent);
  }

  private static OffsetDateTime utc(OffsetDateTime time) {
    return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC);
  }
}
