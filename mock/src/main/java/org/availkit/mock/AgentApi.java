package org.availkit.mock;

import com.fasterxml.jackson.databind.JsonNode;
import org.availkit.contract.AvailabilityRules.Decision;
import org.availkit.contract.AvailabilityRules.Rejection;
import org.availkit.contract.AvailabilityRules.Transition;
import org.availkit.contract.ErrorCatalogue;

/** The two operations, on the credential's agent: read it, or change it by the contract's rules. */
final class AgentApi {

  private final AgentStore agents;

  AgentApi(AgentStore agents) {
    this.agents = agents;
  }

  Answer getMe(String apiKey) {
    return Answer.success(agents.get(apiKey));
  }

  Answer putAvailability(String apiKey, JsonNode body) {
    JsonNode source = body.get("source");
    Decision decision =
        AgentStore.decide(
            body.get("status").asText(),
            source == null || source.isNull() ? null : source.asText());
    if (decision instanceof Rejection rejection) {
      return Answer.error(
          ErrorCatalogue.input(rejection.message(), rejection.field(), rejection.allowedValues()));
    }
    return Answer.success(agents.apply(apiKey, (Transition) decision));
  }
}
