package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.availkit.server.ApiIntegrationTest;
import org.availkit.server.TestAgents.TestAgent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * CORS with an operator's list of origins (one exact, one pattern): preflights answered without
 * credentials, every answer to an allowed origin with the headers a page needs to read it, and
 * everything from another origin refused in the envelope.
 */
@TestPropertySource(
    properties = {
      "availkit.cors.allowed-origins=http://app.test, https://*.example.com",
      "availkit.auth-failures.max-per-window=3"
    })
class CorsIntegrationTest extends ApiIntegrationTest {

  static final String ME = "/api/v1/agents/me";
  static final String AVAILABILITY = "/api/v1/agents/me/availability";
  static final String APP = "http://app.test";
  static final String EXPOSED = "WWW-Authenticate, Retry-After, Allow, X-Request-Id";

  TestAgent agent;

  @BeforeEach
  void anAgent() {
    agent = agents.create();
  }

  @Test
  void aPreflightFromAnAllowedOriginIsAnsweredWithoutCredentials() {
    Exchange answer = preflight(APP, AVAILABILITY, "PUT", "authorization, content-type");
    assertThat(answer.status()).isEqualTo(204);
    assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    assertThat(answer.header("Access-Control-Allow-Methods")).isEqualTo("PUT");
    assertThat(answer.header("Access-Control-Allow-Headers"))
        .isEqualTo("authorization, content-type");
    assertThat(answer.header("Access-Control-Max-Age")).isEqualTo("600");
    assertThat(answer.body()).isEmpty();
  }

  @Test
  void anOriginPatternMatchesAndEachPathAllowsItsOwnMethod() {
    Exchange answer = preflight("https://eu.example.com", ME, "GET", "authorization");
    assertThat(answer.status()).isEqualTo(204);
    assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("https://eu.example.com");
    assertThat(answer.header("Access-Control-Allow-Methods")).isEqualTo("GET");
  }

  @Test
  void anotherOriginsPreflightIs403InTheEnvelope() {
    Exchange answer = preflight("https://evil.example", AVAILABILITY, "PUT", "authorization");
    assertRefused(answer, "Cross-origin requests from https://evil.example are not allowed.");
    assertRefused(
        preflight("https://example.com.evil.test", AVAILABILITY, "PUT", null),
        "Cross-origin requests from https://example.com.evil.test are not allowed.");
  }

  @Test
  void aMethodOrHeaderThePathDoesNotTakeIsRefused() {
    assertRefused(
        preflight(APP, ME, "PUT", null),
        "Method PUT is not allowed from another origin. Allowed methods are GET.");
    assertRefused(
        preflight(APP, AVAILABILITY, "PUT", "x-tracking"),
        "Request headers x-tracking are not allowed from another origin. Allowed headers are Authorization, Content-Type, Prefer.");
  }

  @Test
  void everyAnswerToAnAllowedOriginCarriesTheHeadersAPageNeedsToReadIt() {
    Map<String, Exchange> answers = new LinkedHashMap<>();
    answers.put("200 read", send("GET", ME, agent.basic(), null, null));
    answers.put(
        "200 write",
        send("PUT", AVAILABILITY, agent.basic(), "application/json", "{\"status\":\"away\"}"));
    answers.put(
        "400",
        send("PUT", AVAILABILITY, agent.basic(), "application/json", "{\"status\":\"napping\"}"));
    answers.put(
        "413",
        send(
            "PUT",
            AVAILABILITY,
            agent.basic(),
            "application/json",
            "{\"status\":\"away\",\"pad\":\"" + "x".repeat(20_000) + "\"}"));
    answers.put("415", send("PUT", AVAILABILITY, agent.basic(), "text/plain", "away"));
    answers.put("401", send("GET", ME, ApiTestClient.basic(agent.key(), "as_wrong"), null, null));
    answers.put(
        "401 again", send("GET", ME, ApiTestClient.basic(agent.key(), "as_wrong"), null, null));
    answers.put(
        "401 a third time",
        send("GET", ME, ApiTestClient.basic(agent.key(), "as_wrong"), null, null));
    answers.put("429", send("GET", ME, ApiTestClient.basic(agent.key(), "as_wrong"), null, null));

    assertThat(answers)
        .allSatisfy(
            (name, answer) -> {
              assertThat(answer.header("Access-Control-Allow-Origin")).as(name).isEqualTo(APP);
              assertThat(answer.header("Access-Control-Expose-Headers"))
                  .as(name)
                  .isEqualTo(EXPOSED);
            });
    assertThat(answers.values())
        .extracting(Exchange::status)
        .containsExactly(200, 200, 400, 413, 415, 401, 401, 401, 429);
  }

  @Test
  void anAnswerTomcatMakesItselfCarriesThemToo() throws IOException {
    String answer =
        rawExchange(
            "GET "
                + ME
                + " HTTP/1.1\r\nHost: localhost\r\nOrigin: "
                + APP
                + "\r\nExpect: 100-bogus\r\nConnection: close\r\n\r\n");
    assertThat(answer)
        .startsWith("HTTP/1.1 400")
        .contains("Access-Control-Allow-Origin: " + APP)
        .contains("Access-Control-Expose-Headers: " + EXPOSED)
        .contains("\"error_type\":\"InputException\"");
  }

  @Test
  void aRequestFromAnotherOriginIsRefusedAndChangesNothing() {
    String before =
        api.getMe(agent.basic()).json().path("data").path("availability_status").asText();
    Exchange answer =
        send(
            "PUT",
            AVAILABILITY,
            agent.basic(),
            "application/json",
            "{\"status\":\"busy\"}",
            "https://evil.example");
    assertRefused(answer, "Cross-origin requests from https://evil.example are not allowed.");
    assertThat(api.getMe(agent.basic()).json().path("data").path("availability_status").asText())
        .isEqualTo(before)
        .isNotEqualTo("busy");
  }

  private Exchange preflight(String origin, String path, String method, String headers) {
    Map<String, String> request = new LinkedHashMap<>();
    request.put("Origin", origin);
    request.put("Access-Control-Request-Method", method);
    if (headers != null) {
      request.put("Access-Control-Request-Headers", headers);
    }
    return api.raw("OPTIONS", path, request, null);
  }

  private Exchange send(
      String method, String path, String authorization, String contentType, String body) {
    return send(method, path, authorization, contentType, body, APP);
  }

  private Exchange send(
      String method,
      String path,
      String authorization,
      String contentType,
      String body,
      String origin) {
    Map<String, String> headers = ApiTestClient.headers(authorization, contentType);
    headers.put("Origin", origin);
    return api.sendInvalid(method, path, headers, body);
  }

  private static void assertRefused(Exchange answer, String message) {
    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.errorType()).isEqualTo("PermissionException");
    assertThat(answer.json().path("message").asText()).isEqualTo(message);
    assertThat(answer.header("Access-Control-Allow-Origin")).isNull();
  }
}
