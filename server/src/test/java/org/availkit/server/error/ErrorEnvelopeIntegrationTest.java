package org.availkit.server.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.availkit.server.ApiIntegrationTest;
import org.availkit.server.TestAgents.TestAgent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every failure reaches the client as the documented envelope, with the documented status and
 * headers.
 */
@Import(ErrorEnvelopeIntegrationTest.FailingController.class)
class ErrorEnvelopeIntegrationTest extends ApiIntegrationTest {

  private static final String PATH = "/api/v1/agents/me/availability";

  TestAgent agent;

  @BeforeEach
  void createAgent() {
    agent = agents.create();
  }

  private Exchange putRaw(String contentType, String body) {
    return api.sendInvalid("PUT", PATH, ApiTestClient.headers(agent.basic(), contentType), body);
  }

  private void assertInputError(Exchange answer, String field) {
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.errorType()).isEqualTo("InputException");
    assertThat(answer.json().path("data").path("field").asText()).isEqualTo(field);
    assertThat(answer.json().path("message").asText()).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"status\":\"bogus\"}",
        "{\"status\":1}",
        "{\"status\":true}",
        "{\"status\":{}}",
        "{\"status\":[\"away\"]}",
        "{\"status\":\"AVAILABLE\"}",
        "{\"status\":null}",
        "{}"
      })
  void anInvalidStatusNamesTheFieldAndItsAllowedValues(String body) {
    Exchange answer = putRaw("application/json", body);
    assertInputError(answer, "status");
    assertThat(answer.json().path("data").path("allowed_values").toString())
        .isEqualTo(
            "[\"available\",\"busy\",\"away\",\"offline\",\"online\",\"away_manual\",\"away_and_reassigning\"]");
  }

  /** From idle detection, the allowed values are idle's, wherever the source stands in the body. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"status\":\"bogus\",\"source\":\"idle\"}",
        "{\"source\":\"idle\",\"status\":\"bogus\"}",
        "{\"status\":1,\"source\":\"idle\"}",
        "{\"status\":null,\"source\":\"idle\"}",
        "{\"source\":\"idle\"}",
        "{\"status\":\"bogus\",\"source\":\"idle\"} trailing",
        "{\"status\":\"bogus\",\"source\":\"idle\",\"pad\":[1,"
      })
  void anInvalidStatusFromIdleDetectionNamesIdlesAllowedValues(String body) {
    Exchange answer = putRaw("application/json", body);
    assertInputError(answer, "status");
    assertThat(answer.json().path("data").path("allowed_values").toString())
        .isEqualTo("[\"available\",\"away\",\"offline\",\"online\"]");
    assertThat(answer.json().path("message").asText())
        .endsWith("status. Allowed values are available, away, offline, online.");
  }

  /** When both fields are wrong, the source is named, in whichever order the keys come. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"status\":\"bogus\",\"source\":\"robot\"}",
        "{\"source\":\"robot\",\"status\":\"bogus\"}",
        "{\"status\":\"bogus\",\"source\":null}"
      })
  void aWrongSourceIsNamedBeforeAWrongStatus(String body) {
    Exchange answer = putRaw("application/json", body);
    assertInputError(answer, "source");
    assertThat(answer.json().path("data").path("allowed_values").toString())
        .isEqualTo("[\"user\",\"idle\"]");
  }

  @Test
  void anInvalidSourceNamesTheFieldAndItsAllowedValues() {
    Exchange answer = putRaw("application/json", "{\"status\":\"away\",\"source\":\"robot\"}");
    assertInputError(answer, "source");
    assertThat(answer.json().path("data").path("allowed_values").toString())
        .isEqualTo("[\"user\",\"idle\"]");
  }

  @Test
  void anExplicitNullSourceIsRefusedAsTheSpecAllowsNone() {
    Exchange answer = putRaw("application/json", "{\"status\":\"away\",\"source\":null}");
    assertInputError(answer, "source");
    assertThat(answer.json().path("data").path("allowed_values").toString())
        .isEqualTo("[\"user\",\"idle\"]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"busy", "away_manual", "away_and_reassigning"})
  void idleDetectionCannotSetAManualStatus(String status) {
    Exchange answer =
        putRaw("application/json", "{\"status\":\"" + status + "\",\"source\":\"idle\"}");
    assertInputError(answer, "status");
    assertThat(answer.json().path("message").asText())
        .isEqualTo("Idle detection cannot set the status " + status + ".");
    assertThat(answer.json().path("data").path("allowed_values").toString())
        .isEqualTo("[\"available\",\"away\",\"offline\",\"online\"]");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"status\":",
        "not json",
        "[]",
        "\"available\"",
        "42",
        "null",
        "{\"status\":\"away\",\"status\":\"busy\"}",
        "{\"status\":\"away\u0001\"}"
      })
  void aBodyThatIsNotOneJsonObjectIsAnInputError(String body) {
    assertInputError(putRaw("application/json", body), "body");
  }

  @Test
  void aNumberPastJacksonsLimitsIsInvalidJson() {
    Exchange answer = putRaw("application/json", "{\"status\":" + "9".repeat(5000) + "}");
    assertInputError(answer, "body");
    assertThat(answer.json().path("message").asText())
        .isEqualTo("The request body is not valid JSON.");
  }

  @Test
  void aMethodTheContainerRefusesIs405InTheEnvelope() {
    Exchange answer = api.raw("TRACE", PATH, ApiTestClient.headers(agent.basic(), null), null);
    assertThat(answer.status()).isEqualTo(405);
    assertThat(answer.errorType()).isEqualTo("MethodNotAllowedException");
  }

  @Test
  void aMissingBodyIsAnInputError() {
    assertInputError(putRaw("application/json", null), "body");
  }

  @Test
  void aBodyOverTheCapIs413WhetherDeclaredOrStreamed() {
    String big = "{\"status\":\"away\",\"pad\":\"" + "x".repeat(20_000) + "\"}";
    Exchange declared = putRaw("application/json", big);
    assertThat(declared.status()).isEqualTo(413);
    assertThat(declared.errorType()).isEqualTo("PayloadTooLargeException");

    Exchange streamed = api.putStreamed(agent.basic(), big);
    assertThat(streamed.status()).isEqualTo(413);
    assertThat(streamed.errorType()).isEqualTo("PayloadTooLargeException");
    assertThat(api.getMe(agent.basic()).json().path("data").path("availability_status").asText())
        .isEqualTo("offline");
  }

  @Test
  void aBodyThatIsNotJsonIs415() {
    Exchange answer = putRaw("text/plain", "status=away");
    assertThat(answer.status()).isEqualTo(415);
    assertThat(answer.errorType()).isEqualTo("UnsupportedMediaTypeException");
    assertThat(putRaw(null, "{\"status\":\"away\"}").status()).isEqualTo(415);
  }

  @Test
  void aWrongMethodIs405WithAllow() {
    Exchange answer =
        api.sendWrongMethod(
            "POST", PATH, "PUT", ApiTestClient.headers(agent.basic(), "application/json"), "{}");
    assertThat(answer.status()).isEqualTo(405);
    assertThat(answer.header("Allow")).isEqualTo("PUT");
    assertThat(answer.errorType()).isEqualTo("MethodNotAllowedException");
    Exchange onMe =
        api.sendWrongMethod(
            "DELETE", "/api/v1/agents/me", "GET", ApiTestClient.headers(agent.basic(), null), null);
    assertThat(onMe.status()).isEqualTo(405);
    assertThat(onMe.header("Allow")).isEqualTo("GET");
  }

  @Test
  void anUnknownPathIs404InTheEnvelope() {
    Exchange answer =
        api.raw("GET", "/api/v1/agents/you", ApiTestClient.headers(agent.basic(), null), null);
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.errorType()).isEqualTo("NotFoundException");
    Exchange outside = api.raw("GET", "/nothing/here", Map.of(), null);
    assertThat(outside.status()).isEqualTo(404);
    assertThat(outside.json().path("status").asText()).isEqualTo("error");
  }

  /**
   * The container's error path, requested directly, is a path the API does not have (it answered
   * 500 and logged an ERROR).
   */
  @ParameterizedTest
  @ValueSource(strings = {"GET", "POST", "PUT", "DELETE"})
  void errorRequestedDirectlyIs404(String method) {
    for (String path : List.of("/error", "/error/", "/error?x=1")) {
      Exchange answer =
          api.raw(
              method,
              path,
              ApiTestClient.headers(null, method.equals("GET") ? null : "application/json"),
              method.equals("GET") ? null : "{}");
      assertThat(answer.status()).as(method + " " + path).isEqualTo(404);
      assertThat(answer.errorType()).isEqualTo("NotFoundException");
    }
  }

  @Test
  void anUnexpectedFailureIs500WithARequestIdAndNothingInternal() {
    Exchange answer =
        api.raw("GET", "/api/v1/test-only/fail", ApiTestClient.headers(agent.basic(), null), null);
    assertThat(answer.status()).isEqualTo(500);
    assertThat(answer.errorType()).isEqualTo("GeneralException");
    String requestId = answer.header("X-Request-Id");
    assertThat(answer.json().path("message").asText())
        .isEqualTo("Unexpected error (request id " + requestId + ").");
    assertThat(answer.body()).doesNotContain("Exception:", "at org.", "database password");
  }

  @Test
  void aRequestTheContainerCannotReadStillGetsTheEnvelope() {
    Exchange answer =
        api.sendInvalid(
            "GET",
            "/api/v1/agents/me",
            ApiTestClient.headers("Basic " + "A".repeat(20_000), null),
            null);
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.errorType()).isEqualTo("InputException");
    assertThat(answer.header("Content-Type")).startsWith("application/json");
  }

  /**
   * A form-encoded body is not read as a form (the API takes none): 415, even past the body cap.
   */
  @Test
  void aFormEncodedBodyIs415EvenPastTheCap() throws IOException {
    Exchange small = putRaw("application/x-www-form-urlencoded", "status=away");
    assertThat(small.status()).isEqualTo(415);
    String chunk = "status=" + "a".repeat(40_000);
    String streamed =
        rawExchange(
            "PUT "
                + PATH
                + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                + agent.basic()
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(chunk.length())
                + "\r\n"
                + chunk
                + "\r\n0\r\n\r\n");
    assertThat(streamed)
        .startsWith("HTTP/1.1 415")
        .contains("\"error_type\":\"UnsupportedMediaTypeException\"");
  }

  /**
   * The API takes no multipart body, so none is parsed: 415 whatever the boundary (without one,
   * Spring's multipart resolver used to fail first, a 500), and the agent is not touched.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "multipart/form-data",
        "multipart/form-data; boundary=x",
        "multipart/form-data; boundary=",
        "multipart/mixed",
        "multipart/mixed; boundary=\"a b\"",
        "MULTIPART/FORM-DATA; charset=bogus"
      })
  void aMultipartBodyIs415WhateverItsBoundary(String contentType) {
    for (String body :
        List.of("{\"status\":\"away\"}", "--x\r\nContent-Disposition: form-data\r\n\r\nbad")) {
      Exchange answer = putRaw(contentType, body);
      assertThat(answer.status()).as(contentType).isEqualTo(415);
      assertThat(answer.errorType()).isEqualTo("UnsupportedMediaTypeException");
      assertThat(answer.json().path("message").asText()).contains(contentType);
    }
    assertThat(api.getMe(agent.basic()).json().path("data").path("availability_status").asText())
        .isEqualTo("offline");
  }

  @Test
  void anAcceptHeaderForAnotherTypeStillGetsJson() {
    Map<String, String> headers = ApiTestClient.headers(agent.basic(), "application/json");
    headers.put("Accept", "text/html");
    Exchange answer = api.raw("PUT", PATH, headers, "{\"status\":\"bogus\"}");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.header("Content-Type")).startsWith("application/json");
  }

  /** A route that fails the way a bug would; only in this test's context. */
  @TestConfiguration
  @RestController
  static class FailingController {
    @GetMapping("/api/v1/test-only/fail")
    String fail() {
      throw new IllegalStateException("database password is hunter2");
    }
  }
}
