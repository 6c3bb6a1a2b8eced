package org.availkit.contract.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.availkit.contract.ServerAndMock;
import org.availkit.contract.testing.AgentFixtures;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CORS on the server and on the mock, with the same origin list: preflights and cross-origin
 * requests from an allowed origin (exact and by pattern) and from others, with and without
 * credentials, for each error a page can meet. The two must agree on the status, every {@code
 * Access-Control-*} header, and the error's type and message.
 */
class CorsDifferentialTest extends ServerAndMock {

  static final String ME = "/api/v1/agents/me";
  static final String AVAILABILITY = "/api/v1/agents/me/availability";
  static final String APP = "http://app.test";
  static final String PATTERNED = "https://eu.example.com";
  static final String OTHER = "https://evil.example";

  record Case(String name, String method, String path, Map<String, String> headers, String body) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    String basic = ApiTestClient.basic(KEY, SECRET);
    List<Case> cases =
        List.of(
            preflight(
                "preflight, allowed origin",
                APP,
                AVAILABILITY,
                "PUT",
                "authorization, content-type"),
            preflight("preflight, origin by pattern", PATTERNED, ME, "GET", "Authorization"),
            preflight("preflight, no request headers", APP, AVAILABILITY, "PUT", null),
            preflight(
                "preflight, origin with a trailing slash",
                APP + "/",
                AVAILABILITY,
                "PUT",
                "content-type"),
            preflight("preflight, the spec itself", APP, "/api/v1/openapi.yaml", "GET", null),
            preflight("preflight, another origin", OTHER, AVAILABILITY, "PUT", "authorization"),
            preflight(
                "preflight, an origin that only looks alike",
                "https://example.com.evil.example",
                ME,
                "GET",
                null),
            preflight("preflight, a method the path does not take", APP, ME, "PUT", null),
            preflight("preflight, a header not allowed", APP, AVAILABILITY, "PUT", "x-tracking"),
            preflight(
                "preflight, an allowed and a refused header",
                APP,
                AVAILABILITY,
                "PUT",
                "authorization, x-tracking"),
            preflight("preflight, an unknown path", APP, "/api/v1/agents/you", "GET", null),
            request("read, allowed origin", "GET", ME, APP, basic, null, null),
            request(
                "set, allowed origin",
                "PUT",
                AVAILABILITY,
                PATTERNED,
                basic,
                "application/json",
                "{\"status\":\"away\"}"),
            request(
                "invalid status, allowed origin",
                "PUT",
                AVAILABILITY,
                APP,
                basic,
                "application/json",
                "{\"status\":\"napping\"}"),
            request("no credentials, allowed origin", "GET", ME, APP, null, null, null),
            request(
                "wrong secret, allowed origin",
                "GET",
                ME,
                APP,
                ApiTestClient.basic(KEY, AgentFixtures.WRONG_SECRET),
                null,
                null),
            request(
                "body over the cap, allowed origin",
                "PUT",
                AVAILABILITY,
                APP,
                basic,
                "application/json",
                "{\"status\":\"away\",\"pad\":\"" + "x".repeat(20_000) + "\"}"),
            request(
                "text/plain body, allowed origin",
                "PUT",
                AVAILABILITY,
                APP,
                basic,
                "text/plain",
                "away"),
            // From another origin a method the path does not take is refused by CORS (403), before
            // routing (405).
            request("wrong method, allowed origin", "DELETE", ME, APP, basic, null, null),
            request(
                "unknown path, allowed origin",
                "GET",
                "/api/v1/agents/you",
                APP,
                basic,
                null,
                null),
            request("read, another origin", "GET", ME, OTHER, basic, null, null),
            request(
                "set, another origin",
                "PUT",
                AVAILABILITY,
                OTHER,
                basic,
                "application/json",
                "{\"status\":\"busy\"}"),
            request("no credentials, another origin", "GET", ME, OTHER, null, null, null),
            preflight("preflight, an origin with a space", "http://a b", AVAILABILITY, "PUT", null),
            request(
                "read, two origins in one header",
                "GET",
                ME,
                APP + ", " + OTHER,
                basic,
                null,
                null));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void serverAndMockAgreeOnEveryCorsHeader(Case c) throws Exception {
    Exchange server = send(new ApiTestClient(port), c);
    Exchange fromMock = send(new ApiTestClient(mock.port()), c);

    assertThat(fromMock.status()).as("status").isEqualTo(server.status());
    // Agreement alone would let both drop a header: an answer to a listed origin on the API carries
    // it.
    String origin = c.headers().get("Origin");
    if (server.status() != 403
        && !c.path().endsWith("/you")
        && (origin.equals(APP) || origin.equals(PATTERNED))) {
      assertThat(server.header("Access-Control-Allow-Origin"))
          .as("server's Access-Control-Allow-Origin")
          .isEqualTo(origin);
    }
    assertThat(corsHeaders(fromMock)).as("Access-Control-* headers").isEqualTo(corsHeaders(server));
    if (server.status() >= 400) {
      assertThat(fromMock.errorType()).as("error_type").isEqualTo(server.errorType());
      assertThat(fromMock.json().path("message").asText())
          .as("message")
          .isEqualTo(server.json().path("message").asText());
    }
  }

  private static Map<String, String> corsHeaders(Exchange exchange) {
    Map<String, String> cors = new TreeMap<>();
    exchange
        .headers()
        .forEach(
            (name, values) -> {
              if (name.toLowerCase(Locale.ROOT).startsWith("access-control-")) {
                cors.put(name.toLowerCase(Locale.ROOT), String.join(", ", values));
              }
            });
    return cors;
  }

  private static Exchange send(ApiTestClient client, Case c) {
    return client.raw(c.method(), c.path(), c.headers(), c.body());
  }

  private static Case preflight(
      String name, String origin, String path, String method, String requestHeaders) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Origin", origin);
    headers.put("Access-Control-Request-Method", method);
    if (requestHeaders != null) {
      headers.put("Access-Control-Request-Headers", requestHeaders);
    }
    return new Case(name, "OPTIONS", path, headers, null);
  }

  private static Case request(
      String name,
      String method,
      String path,
      String origin,
      String authorization,
      String contentType,
      String body) {
    Map<String, String> headers =
        new LinkedHashMap<>(ApiTestClient.headers(authorization, contentType));
    headers.put("Origin", origin);
    return new Case(name, method, path, headers, body);
  }
}
