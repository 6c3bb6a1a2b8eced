package org.availkit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.MockAdmin;
import org.junit.jupiter.api.Test;

/**
 * The validating proxy's parts: its option, the bounded list of violations, JSON paths; and a mock
 * in front of another mock (which keeps the contract): nothing found, the answers its own. {@code
 * process/ProxyProcessTest} puts it in front of the server and of a broken server.
 */
class ProxyTest {

  @Test
  void proxyToTakesAnHttpOrHttpsUrlWithoutAPath() {
    assertThat(MockOptions.parse().proxyTo()).isNull();
    assertThat(MockOptions.parse("--proxy-to", "https://staging.example.com").proxyTo())
        .isEqualTo("https://staging.example.com");
    assertThat(MockOptions.parse("--proxy-to", "http://localhost:8080/").proxyTo())
        .isEqualTo("http://localhost:8080/");
    for (String bad :
        List.of("ftp://example.com", "staging.example.com", "http://x/api/v1", "http://x?a=b")) {
      assertThatThrownBy(() -> MockOptions.parse("--proxy-to", bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--proxy-to");
    }
    assertThat(MockOptions.USAGE).contains("--proxy-to URL");
  }

  @Test
  void theViolationsKeptAreBoundedAndTheTotalCountsEvery() {
    Violations violations = new Violations();
    List<Violations.Violation> many = new ArrayList<>();
    for (int i = 0; i < Violations.KEPT + 20; i++) {
      many.add(
          new Violations.Violation(
              Instant.now(),
              "getCurrentAgent",
              "GET",
              "/api/v1/agents/me",
              200,
              "response",
              "$.data.id",
              "number " + i,
              "key"));
    }
    violations.add(many);
    assertThat(violations.total()).isEqualTo(Violations.KEPT + 20);
    assertThat(violations.kept()).hasSize(Violations.KEPT);
    assertThat(violations.kept().get(0).message()).isEqualTo("number 20");
    violations.clear();
    assertThat(violations.total()).isZero();
    assertThat(violations.kept()).isEmpty();
  }

  @Test
  void aViolationIsOneLineNamingTheOperationStatusPathAndWhatTheSpecSays() {
    assertThat(
            new Violations.Violation(
                    Instant.now(),
                    "getCurrentAgent",
                    "GET",
                    "/api/v1/agents/me",
                    200,
                    "response",
                    "$.data.id",
                    "Instance type (string) does not match any allowed primitive type",
                    "validation.response.body.schema.type")
                .line())
        .isEqualTo(
            "CONTRACT VIOLATION getCurrentAgent GET /api/v1/agents/me -> 200 response $.data.id:"
                + " Instance type (string) does not match any allowed primitive type"
                + " (validation.response.body.schema.type)");
  }

  @Test
  void jsonPointersBecomeJsonPaths() {
    assertThat(Proxy.jsonPath("")).isEqualTo("$");
    assertThat(Proxy.jsonPath("/")).isEqualTo("$");
    assertThat(Proxy.jsonPath("/data/id")).isEqualTo("$.data.id");
    assertThat(Proxy.jsonPath("/data/teams/0/name")).isEqualTo("$.data.teams[0].name");
    assertThat(Proxy.jsonPath("/a~1b/c~0d")).isEqualTo("$.a/b.c~d");
  }

  @Test
  void inFrontOfAMockItFindsNothingAndPassesItsAnswersOn() {
    try (AvailabilityMock upstream =
            AvailabilityMock.start(MockOptions.parse("--credential", "ak_up:as_up").withPort(0));
        AvailabilityMock proxy =
            AvailabilityMock.start(MockOptions.parse("--proxy-to", upstream.url()).withPort(0))) {
      ApiTestClient api = new ApiTestClient(proxy.port());
      String basic = ApiTestClient.basic("ak_up", "as_up");

      ApiTestClient.Exchange set = api.put(basic, "{\"status\":\"busy\"}");
      ApiTestClient.Exchange refused = api.getMe(ApiTestClient.basic("ak_demo", "as_demo"));

      assertThat(set.status()).isEqualTo(200);
      assertThat(set.header(Proxy.HEADER)).isEqualTo("0");
      // The upstream's state and credentials, not the proxy's own demo agent.
      assertThat(
              new MockAdmin(upstream.port())
                  .agent("ak_up")
                  .path("data")
                  .path("availability_status")
                  .asText())
          .isEqualTo("busy");
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.header(Proxy.HEADER)).isEqualTo("0");
      assertThat(new MockAdmin(proxy.port()).journal()).isNotNull();

      // The violations' list is the admin API's, behind its guard: no other origin's page reads it.
      ApiTestClient.Exchange listed =
          api.raw("GET", "/__admin/violations", java.util.Map.of(), null);
      ApiTestClient.Exchange fromAPage =
          api.raw(
              "GET",
              "/__admin/violations",
              java.util.Map.of("Origin", "https://evil.example"),
              null);
      assertThat(listed.status()).isEqualTo(200);
      assertThat(listed.json().path("total").asInt()).isZero();
      assertThat(listed.json().path("limit").asInt()).isEqualTo(Violations.KEPT);
      assertThat(fromAPage.status()).isEqualTo(403);
      assertThat(fromAPage.json().path("status").asText()).isEqualTo("error");
    }
  }
}
