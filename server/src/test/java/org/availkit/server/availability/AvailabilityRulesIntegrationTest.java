package org.availkit.server.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.availkit.contract.testing.RuleCases;
import org.availkit.contract.testing.RuleCases.Rule;
import org.availkit.server.ApiIntegrationTest;
import org.availkit.server.TestAgents;
import org.availkit.server.TestAgents.TestAgent;
import org.availkit.server.system.AvailkitProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The server over HTTP, on the real database, against the literal rules table (RuleCases, in
 * api-spec's test-jar) for every current status x requested status x source: the status that
 * follows, idempotence (no write, {@code updated_at} unchanged) and the 400 of a rejected row. The
 * expectation is the table's, not the rules class's, so a server and a rules class broken the same
 * way still fail here.
 */
class AvailabilityRulesIntegrationTest extends ApiIntegrationTest {

  @Autowired JdbcClient jdbc;
  @Autowired AvailkitProperties properties;

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.availkit.contract.testing.RuleCases#every")
  void putFollowsTheRulesFromEveryStatus(Rule rule) {
    TestAgent agent = agents.create();
    agents.setStatus(agent, AvailabilityStatus.fromWire(rule.current()));
    RuleCases.assertFollows(api, agent.basic(), rule);
  }

  @Test
  void leavingOutSourceIsAUserChange() {
    TestAgent agent = agents.create();
    assertThat(
            api.put(agent.basic(), "{\"status\":\"away\"}")
                .json()
                .path("data")
                .path("availability_status")
                .asText())
        .isEqualTo("away_manual");
    assertThat(
            api.put(agent.basic(), "{\"status\":\"available\",\"source\":\"idle\"}")
                .json()
                .path("data")
                .path("availability_status")
                .asText())
        .isEqualTo("away_manual");
  }

  @Test
  void unknownPropertiesAreIgnored() {
    TestAgent agent = agents.create();
    Exchange answer =
        api.put(agent.basic(), "{\"status\":\"busy\",\"note\":\"lunch\",\"extra\":{\"a\":[1,2]}}");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("data").path("availability_status").asText()).isEqualTo("busy");
  }

  @Test
  void answersHaveTheSeedPageShape() {
    TestAgent agent = agents.create();
    Exchange answer = api.put(agent.token(), "{\"status\":\"available\"}");
    JsonNode body = answer.json();
    assertThat(body.path("status").asText()).isEqualTo("success");
    assertThat(body.path("data").fieldNames())
        .toIterable()
        .containsExactly(
            "id",
            "created_at",
            "updated_at",
            "first_name",
            "last_name",
            "email",
            "type",
            "availability_status",
            "phone_number_country_code",
            "phone_number",
            "avatar_url",
            "enabled",
            "last_active_at",
            "last_login_at",
            "roles",
            "permissions",
            "custom_attributes",
            "teams",
            "api_key",
            "api_key_last_used_at");
    assertThat(body.path("data").path("teams").get(0).path("name").asText()).isEqualTo("Support");
    assertThat(body.path("data").path("created_at").asText()).endsWith("Z");
    assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
    assertThat(answer.body()).doesNotContain(agent.secret());
  }

  @Test
  void rolesPermissionsAndTeamsAreTheAgentsOwnSortedAndWithoutRepeats() {
    String email = "roles-" + UUID.randomUUID() + "@test.example";
    var created =
        agents
            .admin()
            .create(
                email, "Test", "Agent", List.of("agent", "admin"), List.of("Support", "Billing"));
    TestAgents.remember(created.credentials().apiSecret());
    String credentials =
        ApiTestClient.token(created.credentials().apiKey(), created.credentials().apiSecret());

    JsonNode data = api.put(credentials, "{\"status\":\"available\"}").json().path("data");

    assertThat(data.path("roles")).extracting(JsonNode::asText).containsExactly("admin", "agent");
    // Both roles grant conversations:* and status:manage; each permission is listed once.
    assertThat(data.path("permissions"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "agents:manage",
            "conversations:read",
            "conversations:write",
            "status:manage",
            "teams:manage");
    assertThat(data.path("teams"))
        .extracting(team -> team.path("name").asText())
        .containsExactlyInAnyOrder("Support", "Billing");
  }

  /**
   * An agent's roles, permissions and teams are kept in memory for availkit.agent-lists-cache (5 s)
   * after they are read; a change made in the database shows once that time has passed.
   */
  @Test
  void aChangeToAnAgentsTeamsShowsOnceTheListsCacheTimeHasPassed() {
    TestAgent agent = agents.create();
    assertThat(teamNames(api.getMe(agent.token()))).containsExactly("Support");
    jdbc.sql(
            "INSERT INTO teams (name) SELECT 'Escalations' WHERE NOT EXISTS (SELECT 1 FROM teams WHERE name = 'Escalations')")
        .update();
    jdbc.sql(
            "INSERT INTO agent_teams (agent_id, team_id) SELECT ?, id FROM teams WHERE name = 'Escalations'")
        .param(agent.id())
        .update();

    // Awaitility polls (every 100 ms by default) instead of one sleep of the cache's time.
    await()
        .atMost(properties.agentListsCache().plusSeconds(10))
        .untilAsserted(
            () ->
                assertThat(teamNames(api.getMe(agent.token())))
                    .containsExactlyInAnyOrder("Support", "Escalations"));
    assertThat(teamNames(api.put(agent.token(), "{\"status\":\"away\"}")))
        .containsExactlyInAnyOrder("Support", "Escalations");
  }

  private static List<String> teamNames(
      org.availkit.contract.testing.ApiTestClient.Exchange answer) {
    assertThat(answer.status()).isEqualTo(200);
    List<String> names = new java.util.ArrayList<>();
    answer.json().path("data").path("teams").forEach(t -> names.add(t.path("name").asText()));
    return names;
  }
}
