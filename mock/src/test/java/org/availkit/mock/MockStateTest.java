package org.availkit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.availkit.contract.testing.AgentFixtures.ONE_KEY;
import static org.availkit.contract.testing.AgentFixtures.ONE_SECRET;
import static org.availkit.contract.testing.AgentFixtures.TWO_KEY;
import static org.availkit.contract.testing.AgentFixtures.TWO_SECRET;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.MockAdmin;
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
    new MockAdmin(mock.port()).reset();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.availkit.contract.testing.RuleCases#every")
  void putFollowsTheRulesFromEveryStatus(Rule rule) {
    String auth = ApiTestClient.token(ONE_KEY, ONE_SECRET);
    new MockAdmin(mock.port()).setStatus(ONE_KEY, rule.current());
    RuleCases.assertFollows(api, auth, rule);
  }

  @Test
  void everyAgentStartsAsTheSpecsExampleAgent() {
    JsonNode agent = api.getMe(ApiTestClient.basic(ONE_KEY, ONE_SECRET)).json().path("data");
    JsonNode example = ContractSpec.packaged().exampleAgent();
    ((com.fasterxml.jackson.databind.node.ObjectNode) example).put("api_key", ONE_KEY);
    assertThat(agent).isEqualTo(example);
    assertThat(agent.path("availability_status").asText()).isEqualTo("online");
  }

  @Test
  void eachCredentialHasItsOwnAgent() {
    api.put(ApiTestClient.basic(ONE_KEY, ONE_SECRET), "{\"status\":\"busy\"}");
    assertThat(
            api.getMe(ApiTestClient.basic(TWO_KEY, TWO_SECRET))
                .json()
                .path("data")
                .path("availability_status")
                .asText())
        .isEqualTo("online");
    assertThat(
            api.getMe(ApiTestClient.basic(ONE_KEY, ONE_SECRET))
                .json()
                .path("data")
                .path("availability_status")
                .asText())
        .isEqualTo("busy");
  }

  @Test
  void resetPutsEveryAgentBack() {
    api.put(ApiTestClient.basic(ONE_KEY, ONE_SECRET), "{\"status\":\"offline\"}");
    new MockAdmin(mock.port()).setStatus(TWO_KEY, "away_and_reassigning");
    assertThat(new MockAdmin(mock.port()).reset().status()).isEqualTo(200);
    for (String key : List.of("one", "two")) {
      assertThat(
              api.getMe(ApiTestClient.basic("ak_" + key, "as_" + key))
                  .json()
                  .path("data")
                  .path("availability_status")
                  .asText())
          .isEqualTo("online");
    }
  }

  @Test
  void theAdminApiRefusesAnUnknownStatus() {
    var answer = new MockAdmin(mock.port()).trySetStatus(ONE_KEY, "napping");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body()).contains("away_manual");
  }

  /**
   * A status the spec does not list, set through the admin API as a later server could send it, is
   * what the agent reads; idle detection leaves it, as a manual status; the agent's own change
   * replaces it.
   */
  @Test
  void anUnlistedStatusIsServedUntilTheAgentChangesIt() {
    MockAdmin admin = new MockAdmin(mock.port());
    admin.setUnlistedStatus(ONE_KEY, "in_a_meeting");
    String one = ApiTestClient.basic(ONE_KEY, ONE_SECRET);
    assertThat(
            statusIn(api.raw("GET", "/api/v1/agents/me", ApiTestClient.headers(one, null), null)))
        .isEqualTo("in_a_meeting");
    Map<String, String> json = ApiTestClient.headers(one, "application/json");
    String path = "/api/v1/agents/me/availability";
    assertThat(statusIn(api.raw("PUT", path, json, "{\"status\":\"online\",\"source\":\"idle\"}")))
        .isEqualTo("in_a_meeting");
    assertThat(statusIn(api.raw("PUT", path, json, "{\"status\":\"away\"}")))
        .isEqualTo("away_manual");
    assertThat(admin.trySetStatus(ONE_KEY, "In a meeting").status())
        .as("without unlisted, only the spec's values")
        .isEqualTo(400);
  }

  private static String statusIn(ApiTestClient.Exchange answer) {
    assertThat(answer.status()).isEqualTo(200);
    return answer.json().path("data").path("availability_status").asText();
  }
}
