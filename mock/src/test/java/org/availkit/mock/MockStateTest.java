package org.availkit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.availkit.contract.testing.RuleCases;
import org.availkit.contract.testing.RuleCases.Rule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * State like the server: every current status x requested status x source over HTTP, checked
 * against the literal rules table (RuleCases, in api-spec's test-jar), not against the rules class
 * the mock uses; one agent per credential; reset.
 */
class MockStateTest {

  static AvailabilityMock mock;
  ApiTestClient api;

  @BeforeAll
  static void start() {
    mock = MockTestSupport.start("--credential", "ak_one:as_one", "--credential", "ak_two:as_two");
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  @BeforeEach
  void reset() {
    api = new ApiTestClient(mock.port());
    MockTestSupport.send(mock, "POST", "/__admin/reset", Map.of(), null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.availkit.contract.testing.RuleCases#every")
  void putFollowsTheRulesFromEveryStatus(Rule rule) {
    String auth = ApiTestClient.token("ak_one", "as_one");
    MockTestSupport.setStatus(mock, "ak_one", rule.current());
    RuleCases.assertFollows(api, auth, rule);
  }

  @Test
  void everyAgentStartsAsTheSpecsExampleAgent() {
    JsonNode agent = api.getMe(ApiTestClient.basic("ak_one", "as_one"))
        .json().path("data");
    JsonNode example = ContractSpec.packaged().exampleAgent();
    ((com.fasterxml.jackson.databind.node.ObjectNode) example).put("api_key", "ak_one");
    assertThat(agent).isEqualTo(example);
    assertThat(agent.path("availability_status").asText()).isEqualTo("online");
  }

  @Test
  void eachCredentialHasItsOwnAgent() {
    api.put(ApiTestClient.basic("ak_one", "as_one"), "{\"status\":\"busy\"}");
    assertThat(api.getMe(ApiTestClient.basic("ak_two", "as_two")).json().path("data").path("availability_status").asText())
        .isEqualTo("online");
    assertThat(api.getMe(ApiTestClient.basic("ak_one", "as_one")).json().path("data").path("availability_status").asText())
        .isEqualTo("busy");
  }

  @Test
  void resetPutsEveryAgentBack() {
    api.put(ApiTestClient.basic("ak_one", "as_one"), "{\"status\":\"offline\"}");
    MockTestSupport.setStatus(mock, "ak_two", "away_and_reassigning");
    assertThat(MockTestSupport.send(mock, "POST", "/__admin/reset", Map.of(), null).statusCode()).isEqualTo(200);
    for (String key : List.of("one", "two")) {
      assertThat(api.getMe(ApiTestClient.basic("ak_" + key, "as_" + key)).json().path("data").path("availability_status").asText())
          .isEqualTo("online");
    }
  }

  @Test
  void theAdminApiRefusesAnUnknownStatus() {
    var answer = MockTestSupport.send(mock, "PUT", "/__admin/agents/ak_one/availability",
        Map.of("Content-Type", "application/json"), "{\"availability_status\":\"napping\"}");
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("away_manual");
  }
}
