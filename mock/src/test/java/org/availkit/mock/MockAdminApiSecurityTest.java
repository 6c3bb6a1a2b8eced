package org.availkit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.availkit.contract.testing.AgentFixtures;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.availkit.contract.testing.MockAdmin;
import org.availkit.contract.testing.ThisMachine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin API ({@code /__admin}) and who may use it: the mock listens on 127.0.0.1 unless told
 * otherwise; a request to another host name (DNS rebinding) or from another origin's page gets 403
 * and changes nothing; the admin API answers no CORS at all; with an admin token, every admin
 * request needs it, and WireMock's own client sends it.
 */
class MockAdminApiSecurityTest {

  static final String ME = "/api/v1/agents/me";

  /** The demo agent in the admin API. */
  static final String DEMO_AGENT = "/__admin/agents/" + AgentFixtures.DEMO_KEY;

  static AvailabilityMock mock;

  @BeforeAll
  static void start() {
    mock = MockTestSupport.start();
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  /**
   * Each test starts with the demo agent away_manual (not the spec's example, online) and no stubs.
   */
  @BeforeEach
  void aKnownState() {
    new MockAdmin(mock.port()).reset();
    new MockAdmin(mock.port()).setStatus(AgentFixtures.DEMO_KEY, "away_manual");
  }

  // --- where it listens

  @Test
  void byDefaultItListensOnLoopbackOnly() throws Exception {
    assertThat(MockOptions.parse().bindAddress()).isEqualTo("127.0.0.1");
    Optional<InetAddress> external = ThisMachine.externalAddress();
    assumeTrue(external.isPresent(), "this machine has no non-loopback address to try");
    assertThat(ThisMachine.reachable(external.get(), mock.port()))
        .as("the default mock on %s", external.get())
        .isFalse();
    assertThat(ThisMachine.reachable(InetAddress.getByName("127.0.0.1"), mock.port())).isTrue();
    // The control: the same address does reach a mock that listens on every interface.
    try (AvailabilityMock everywhere =
        MockTestSupport.start("--bind", "0.0.0.0", "--admin-token", "t0ken")) {
      assertThat(ThisMachine.reachable(external.get(), everywhere.port()))
          .as("a mock on 0.0.0.0 at %s", external.get())
          .isTrue();
    }
  }

  @Test
  void boundToEveryInterfaceTheAdminApiAnswersTheMachinesOwnAddressesAndNoOtherName()
      throws Exception {
    Optional<InetAddress> external = ThisMachine.externalAddress();
    assumeTrue(external.isPresent(), "this machine has no non-loopback address to try");
    try (AvailabilityMock everywhere =
        MockTestSupport.start("--bind", "0.0.0.0", "--admin-token", "t0ken")) {
      Map<String, String> token = Map.of("Authorization", "Token t0ken");
      String address = external.get().getHostAddress();
      assertThat(
              MockTestSupport.raw(
                      everywhere, "GET", DEMO_AGENT, address + ":" + everywhere.port(), token, null)
                  .status())
          .isEqualTo(200);
      assertThat(
              MockTestSupport.raw(
                      everywhere,
                      "GET",
                      DEMO_AGENT,
                      InetAddress.getLocalHost().getHostName() + ":" + everywhere.port(),
                      token,
                      null)
                  .status())
          .isEqualTo(200);
      assertThat(
              MockTestSupport.raw(everywhere, "GET", DEMO_AGENT, "attacker.example", token, null)
                  .status())
          .isEqualTo(403);
    }
  }

  // --- requests from other origins' pages, or to other names

  /** What a page of another origin, or one that rebound its own name to 127.0.0.1, sends. */
  static Stream<Arguments> foreignRequests() {
    return Stream.of(
        Arguments.of(
            "a page of another origin", "localhost", Map.of("Origin", "https://evil.example")),
        Arguments.of("a sandboxed page (Origin null)", "localhost", Map.of("Origin", "null")),
        Arguments.of(
            "a page on another port of localhost",
            "localhost",
            Map.of("Origin", "http://localhost:5173", "Sec-Fetch-Site", "same-site")),
        Arguments.of(
            "a no-cors request of another site (no Origin)",
            "localhost",
            Map.of("Sec-Fetch-Site", "cross-site")),
        Arguments.of(
            "a no-cors request of another origin of the same site (no Origin)",
            "localhost",
            Map.of("Sec-Fetch-Site", "same-site")),
        Arguments.of(
            "DNS rebinding: the attacker's name, same-origin to the browser",
            "attacker.example",
            Map.of("Origin", "http://attacker.example:PORT", "Sec-Fetch-Site", "same-origin")),
        Arguments.of("DNS rebinding, without Origin", "attacker.example", Map.of()),
        Arguments.of(
            "a name that merely starts as localhost", "localhost.attacker.example", Map.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("foreignRequests")
  void aForeignRequestIsRefusedAndChangesNothing(
      String what, String hostName, Map<String, String> given) {
    String host = hostName + ":" + mock.port();
    Map<String, String> headers = new LinkedHashMap<>();
    given.forEach((k, v) -> headers.put(k, v.replace("PORT", String.valueOf(mock.port()))));
    MockTestSupport.send(mock, "GET", ME, Map.of("Authorization", MockTestSupport.DEMO), null);
    Map<String, String> json = new LinkedHashMap<>(headers);
    json.put("Content-Type", "application/json");

    // Each checked as it comes back, so that a request let through stops the test before the
    // shutdown goes out.
    List<String[]> requests =
        List.of(
            new String[] {"POST", "/__admin/reset", null},
            new String[] {
              "PUT", DEMO_AGENT + "/availability", "{\"availability_status\":\"offline\"}"
            },
            new String[] {
              "POST",
              "/__admin/mappings",
              "{\"request\":{\"url\":\"/evil\"},\"response\":{\"status\":200}}"
            },
            new String[] {"GET", "/__admin/requests", null},
            new String[] {"GET", "/__admin/swagger-ui/", null},
            // Jetty decodes the path before it picks the admin context: this is /__admin/reset too.
            new String[] {"POST", "/%5F%5Fadmin/reset", null},
            new String[] {"POST", "/__admin/shutdown", null});
    for (String[] request : requests) {
      MockTestSupport.Raw answer =
          MockTestSupport.raw(
              mock, request[0], request[1], host, request[2] == null ? headers : json, request[2]);
      assertThat(answer.status()).as("%s: %s %s", what, request[0], request[1]).isEqualTo(403);
      assertThat(answer.headers()).doesNotContainKey("access-control-allow-origin");
      assertThat(answer.headers().get("content-type")).isEqualTo("application/json");
      assertThat(answer.body())
          .contains("\"error_type\":\"PermissionException\"")
          .contains("The admin API")
          .doesNotContain(MockTestSupport.DEMO);
    }
    // Nothing happened: still up, the agent still away_manual (no reset, no status set), no stub
    // added.
    assertThat(agentStatus(mock, Map.of())).isEqualTo("away_manual");
    JsonNode mappings =
        json(MockTestSupport.send(mock, "GET", "/__admin/mappings", Map.of(), null));
    assertThat(mappings.path("mappings").size()).isZero();
  }

  @Test
  void theRefusalsSayWhatWasRefused() {
    String host = "localhost:" + mock.port();
    assertThat(
            MockTestSupport.raw(
                    mock, "GET", "/__admin/requests", "attacker.example", Map.of(), null)
                .body())
        .contains("The admin API answers only requests addressed to this machine")
        .contains("attacker.example");
    assertThat(
            MockTestSupport.raw(
                    mock, "GET", "/__admin/requests", host, Map.of("Origin", "null"), null)
                .body())
        .contains("The admin API does not answer pages of other origins (Origin: null).");
    assertThat(
            MockTestSupport.raw(
                    mock,
                    "GET",
                    "/__admin/requests",
                    host,
                    Map.of("Sec-Fetch-Site", "cross-site"),
                    null)
                .body())
        .contains("(Sec-Fetch-Site: cross-site)");
  }

  /**
   * The mock's own origin (its swagger UI, a page it serves), a program, a browser's address bar:
   * all answered.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost:PORT",
        "LocalHost:PORT",
        "127.0.0.1:PORT",
        "127.0.0.1",
        "127.1.2.3:PORT",
        "[::1]:PORT",
        "app.localhost:PORT"
      })
  void requestsToThisMachineAreAnsweredFromItsOwnOriginOrNoneAtAll(String hostTemplate) {
    String host = hostTemplate.replace("PORT", String.valueOf(mock.port()));
    List<Map<String, String>> fine =
        List.of(
            Map.of(),
            Map.of("Sec-Fetch-Site", "none"),
            Map.of("Origin", "http://" + host, "Sec-Fetch-Site", "same-origin"));
    for (Map<String, String> headers : fine) {
      Map<String, String> json = new LinkedHashMap<>(headers);
      json.put("Content-Type", "application/json");
      MockTestSupport.Raw set =
          MockTestSupport.raw(
              mock,
              "PUT",
              DEMO_AGENT + "/availability",
              host,
              json,
              "{\"availability_status\":\"busy\"}");
      assertThat(set.status()).as("%s %s", host, headers).isEqualTo(200);
      assertThat(agentStatus(mock, Map.of())).isEqualTo("busy");
      assertThat(MockTestSupport.raw(mock, "POST", "/__admin/reset", host, headers, null).status())
          .isEqualTo(200);
      assertThat(agentStatus(mock, Map.of())).isEqualTo("online");
    }
  }

  @Test
  void theApiItselfStillAnswersAnyHostAndOrigin() {
    MockTestSupport.Raw answer =
        MockTestSupport.raw(
            mock,
            "GET",
            ME,
            "attacker.example",
            Map.of("Authorization", MockTestSupport.DEMO, "Origin", "https://evil.example"),
            null);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers().get("access-control-allow-origin"))
        .isEqualTo("https://evil.example");
  }

  // --- no CORS on the admin API

  @ParameterizedTest
  @ValueSource(strings = {"", "--no-cors"})
  void theAdminApiAnswersNoCorsNotEvenToItsOwnOrigin(String option) {
    try (AvailabilityMock target =
        option.isEmpty() ? MockTestSupport.start() : MockTestSupport.start(option)) {
      String host = "localhost:" + target.port();
      Map<String, String> own =
          Map.of(
              "Origin",
              "http://" + host,
              "Access-Control-Request-Method",
              "POST",
              "Access-Control-Request-Headers",
              "content-type");
      Map<String, String> evil =
          Map.of(
              "Origin",
              "https://evil.example",
              "Access-Control-Request-Method",
              "POST",
              "Access-Control-Request-Headers",
              "content-type");
      for (String path :
          List.of(
              "/__admin/reset",
              "/__admin/shutdown",
              "/__admin/requests",
              "/__admin/mappings",
              DEMO_AGENT + "/availability",
              "/__admin/swagger-ui/")) {
        MockTestSupport.Raw ownPreflight =
            MockTestSupport.raw(target, "OPTIONS", path, host, own, null);
        assertThat(accessControl(ownPreflight))
            .as("preflight of its own origin to %s", path)
            .isEmpty();
        MockTestSupport.Raw evilPreflight =
            MockTestSupport.raw(target, "OPTIONS", path, host, evil, null);
        assertThat(evilPreflight.status()).isEqualTo(403);
        assertThat(accessControl(evilPreflight))
            .as("preflight of another origin to %s", path)
            .isEmpty();
      }
      MockTestSupport.Raw read =
          MockTestSupport.raw(
              target, "GET", DEMO_AGENT, host, Map.of("Origin", "http://" + host), null);
      assertThat(read.status()).isEqualTo(200);
      assertThat(accessControl(read)).isEmpty();
    }
  }

  @Test
  void theApisCorsIsUnchanged() {
    Exchange preflight =
        MockTestSupport.send(
            mock,
            "OPTIONS",
            "/api/v1/agents/me/availability",
            Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "PUT"),
            null);
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://evil.example");
  }

  // --- the admin token

  @Test
  void withAnAdminTokenEveryAdminRequestNeedsIt() {
    try (AvailabilityMock guarded = MockTestSupport.start("--admin-token", "s3cret-t0ken")) {
      Map<String, String> token = Map.of("Authorization", "Token s3cret-t0ken");
      MockTestSupport.Raw set =
          MockTestSupport.raw(
              guarded,
              "PUT",
              DEMO_AGENT + "/availability",
              "localhost:" + guarded.port(),
              Map.of("Authorization", "Token s3cret-t0ken", "Content-Type", "application/json"),
              "{\"availability_status\":\"away_manual\"}");
      assertThat(set.status()).isEqualTo(200);

      for (Map<String, String> wrong :
          List.<Map<String, String>>of(
              Map.of(),
              Map.of("Authorization", "Token nope"),
              Map.of("Authorization", "Bearer s3cret-t0ken"),
              Map.of("Authorization", "token s3cret-t0ken"),
              Map.of("Authorization", MockTestSupport.DEMO))) {
        for (String[] request :
            List.of(
                new String[] {"POST", "/__admin/reset"},
                new String[] {"GET", "/__admin/requests"},
                new String[] {"GET", "/__admin/swagger-ui/"},
                new String[] {"POST", "/__admin/shutdown"})) {
          Exchange answer = MockTestSupport.send(guarded, request[0], request[1], wrong, null);
          assertThat(answer.status())
              .as("%s %s with %s", request[0], request[1], wrong)
              .isEqualTo(401);
          // Not reset (the mock's agents included, which a request filter resets: WireMock runs
          // those
          // before it checks its authenticator), not shut down.
          assertThat(agentStatus(guarded, token))
              .as("after %s %s with %s", request[0], request[1], wrong)
              .isEqualTo("away_manual");
          assertThat(answer.firstValue("WWW-Authenticate")).hasValue("Token");
          assertThat(answer.body())
              .contains("\"error_type\":\"UnauthorizedException\"")
              .contains("The admin API needs the mock's admin token");
        }
      }
      assertThat(MockTestSupport.send(guarded, "POST", "/__admin/reset", token, null).status())
          .isEqualTo(200);
      assertThat(agentStatus(guarded, token)).isEqualTo("online");
      // The token is the admin API's only: the API takes its credentials as before.
      assertThat(
              MockTestSupport.send(
                      guarded, "GET", ME, Map.of("Authorization", MockTestSupport.DEMO), null)
                  .status())
          .isEqualTo(200);
      // The token does not open the admin API to other origins.
      assertThat(
              MockTestSupport.send(
                      guarded,
                      "POST",
                      "/__admin/reset",
                      Map.of(
                          "Authorization", "Token s3cret-t0ken", "Origin", "https://evil.example"),
                      null)
                  .status())
          .isEqualTo(403);
    }
  }

  @Test
  void wireMocksOwnClientWorksWithTheToken() {
    try (AvailabilityMock guarded = MockTestSupport.start("--admin-token", "s3cret-t0ken")) {
      com.github.tomakehurst.wiremock.client.WireMock client =
          new com.github.tomakehurst.wiremock.client.WireMockBuilder()
              .host("localhost")
              .port(guarded.port())
              .authenticator(
                  new com.github.tomakehurst.wiremock.security.ClientTokenAuthenticator(
                      "s3cret-t0ken"))
              .build();
      client.register(
          com.github.tomakehurst.wiremock.client.WireMock.get("/stubbed")
              .willReturn(com.github.tomakehurst.wiremock.client.WireMock.ok()));
      assertThat(client.allStubMappings().getMappings()).hasSize(1);
      client.resetMappings();
      assertThat(client.allStubMappings().getMappings()).isEmpty();

      com.github.tomakehurst.wiremock.client.WireMock without =
          new com.github.tomakehurst.wiremock.client.WireMockBuilder()
              .host("localhost")
              .port(guarded.port())
              .build();
      assertThatThrownBy(without::allStubMappings)
          .isInstanceOf(com.github.tomakehurst.wiremock.security.NotAuthorisedException.class);
    }
  }

  // --- helpers

  private static String agentStatus(AvailabilityMock target, Map<String, String> headers) {
    Exchange answer = MockTestSupport.send(target, "GET", DEMO_AGENT, headers, null);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return json(answer).path("data").path("availability_status").asText();
  }

  private static JsonNode json(Exchange answer) {
    try {
      return Answer.JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new AssertionError(answer.body(), e);
    }
  }

  private static Map<String, String> accessControl(MockTestSupport.Raw answer) {
    Map<String, String> found = new LinkedHashMap<>();
    answer
        .headers()
        .forEach(
            (name, value) -> {
              if (name.startsWith("access-control-")) {
                found.put(name, value);
              }
            });
    return found;
  }
}
