package org.availkit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.availkit.contract.testing.MockAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What frontend teams use: CORS, Prefer, latency, faults, a bounded journal. */
class MockForFrontendsTest {

  static final String ME = "/api/v1/agents/me";
  static final String AVAILABILITY = "/api/v1/agents/me/availability";
  static AvailabilityMock mock;
  ApiTestClient api;

  @BeforeAll
  static void start() {
    mock = MockTestSupport.start();
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

  @Test
  void aPreflightIsAnsweredWithTheRequestsOrigin() {
    Exchange answer =
        MockTestSupport.send(
            mock,
            "OPTIONS",
            AVAILABILITY,
            Map.of(
                "Origin", "http://app.test:3000",
                "Access-Control-Request-Method", "PUT",
                "Access-Control-Request-Headers", "authorization, content-type"),
            null);
    assertThat(answer.status()).isEqualTo(204);
    assertThat(answer.firstValue("Access-Control-Allow-Origin")).hasValue("http://app.test:3000");
    assertThat(answer.firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("PUT");
    assertThat(answer.firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
        .contains("authorization")
        .contains("content-type");
  }

  @Test
  void errorAnswersCarryCorsHeadersToo() {
    Exchange answer =
        MockTestSupport.send(mock, "GET", ME, Map.of("Origin", "http://app.test"), null);
    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.firstValue("Access-Control-Allow-Origin")).hasValue("http://app.test");
    assertThat(answer.firstValue("Access-Control-Expose-Headers").orElseThrow())
        .contains("WWW-Authenticate");
  }

  /** With production's list, as the server answers: others refused with 403, patterns matched. */
  @Test
  void anOriginListRestrictsCorsAsOnTheServer() {
    try (AvailabilityMock restricted =
        MockTestSupport.start("--cors-origins", "https://app.example, https://*.corp.test")) {
      Exchange allowed =
          MockTestSupport.send(
              restricted,
              "OPTIONS",
              AVAILABILITY,
              Map.of(
                  "Origin",
                  "https://eu.corp.test",
                  "Access-Control-Request-Method",
                  "PUT",
                  "Access-Control-Request-Headers",
                  "authorization"),
              null);
      assertThat(allowed.status()).isEqualTo(204);
      assertThat(allowed.firstValue("Access-Control-Allow-Origin"))
          .hasValue("https://eu.corp.test");
      assertThat(allowed.firstValue("Access-Control-Allow-Methods")).hasValue("PUT");
      assertThat(allowed.firstValue("Access-Control-Allow-Headers")).hasValue("authorization");

      Exchange other =
          MockTestSupport.send(
              restricted,
              "OPTIONS",
              AVAILABILITY,
              Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "PUT"),
              null);
      assertThat(other.status()).isEqualTo(403);
      assertThat(other.firstValue("Access-Control-Allow-Origin")).isEmpty();
      assertThat(other.body())
          .contains("\"error_type\":\"PermissionException\"")
          .contains("Cross-origin requests from https://evil.example are not allowed.");

      Exchange wrongMethod =
          MockTestSupport.send(
              restricted,
              "OPTIONS",
              ME,
              Map.of("Origin", "https://app.example", "Access-Control-Request-Method", "PUT"),
              null);
      assertThat(wrongMethod.status()).isEqualTo(403);
      assertThat(wrongMethod.body())
          .contains("Method PUT is not allowed from another origin. Allowed methods are GET.");

      Exchange read =
          MockTestSupport.send(
              restricted,
              "GET",
              ME,
              Map.of("Origin", "https://app.example", "Authorization", MockTestSupport.DEMO),
              null);
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
      assertThat(
              MockTestSupport.send(
                      restricted,
                      "GET",
                      ME,
                      Map.of(
                          "Origin", "https://evil.example", "Authorization", MockTestSupport.DEMO),
                      null)
                  .status())
          .isEqualTo(403);
    }
  }

  /** As the server with no origins listed (its default): every cross-origin request refused. */
  @Test
  void anEmptyOriginListRefusesEveryOtherOrigin() {
    try (AvailabilityMock closed = MockTestSupport.start("--cors-origins", "")) {
      Exchange preflight =
          MockTestSupport.send(
              closed,
              "OPTIONS",
              AVAILABILITY,
              Map.of("Origin", "http://localhost:5173", "Access-Control-Request-Method", "PUT"),
              null);
      assertThat(preflight.status()).isEqualTo(403);
      assertThat(
              MockTestSupport.send(
                      closed,
                      "GET",
                      ME,
                      Map.of(
                          "Origin", "http://localhost:5173", "Authorization", MockTestSupport.DEMO),
                      null)
                  .status())
          .isEqualTo(403);
      assertThat(
              MockTestSupport.send(
                      closed, "GET", ME, Map.of("Authorization", MockTestSupport.DEMO), null)
                  .status())
          .isEqualTo(200);
    }
  }

  @Test
  void corsCanBeTurnedOff() {
    try (AvailabilityMock noCors = MockTestSupport.start("--no-cors")) {
      Exchange answer =
          MockTestSupport.send(
              noCors,
              "GET",
              ME,
              Map.of("Origin", "http://app.test", "Authorization", MockTestSupport.DEMO),
              null);
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.firstValue("Access-Control-Allow-Origin")).isEmpty();
      Exchange preflight =
          MockTestSupport.send(
              noCors,
              "OPTIONS",
              AVAILABILITY,
              Map.of("Origin", "http://app.test", "Access-Control-Request-Method", "PUT"),
              null);
      assertThat(preflight.firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 405, 413, 415, 429, 500})
  void preferCodeAnswersWithThatStatusesDocumentedExampleAndChangesNothing(int code)
      throws IOException {
    Map<String, String> headers = ApiTestClient.headers(MockTestSupport.DEMO, "application/json");
    headers.put("Prefer", "code=" + code);
    Exchange answer = api.sendInvalid("PUT", AVAILABILITY, headers, "{\"status\":\"busy\"}");
    assertThat(answer.status()).isEqualTo(code);
    JsonNode documented =
        ContractSpec.packaged().response(AVAILABILITY, "PUT", code, null).orElseThrow().body();
    assertThat(answer.json()).isEqualTo(documented);
    if (code == 429) {
      assertThat(answer.header("Retry-After")).isEqualTo("30");
    }
    assertThat(
            api.getMe(MockTestSupport.DEMO)
                .json()
                .path("data")
                .path("availability_status")
                .asText())
        .isEqualTo("online");
  }

  @Test
  void preferExamplePicksANamedExample() {
    Map<String, String> headers = ApiTestClient.headers(MockTestSupport.DEMO, "application/json");
    headers.put("Prefer", "example=awayManual");
    Exchange answer = api.sendInvalid("PUT", AVAILABILITY, headers, "{\"status\":\"available\"}");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("data").path("availability_status").asText())
        .isEqualTo("away_manual");
    headers.put("Prefer", "code=400, example=idleBusy");
    assertThat(api.sendInvalid("PUT", AVAILABILITY, headers, "{}").json().path("message").asText())
        .isEqualTo("Idle detection cannot set the status busy.");
  }

  /**
   * Each documented input error, as Prefer serves it, is the answer the mock gives the request it
   * names.
   */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      textBlock =
          """
      invalidStatus     | {"status":"napping"}
      invalidIdleStatus | {"status":"napping","source":"idle"}
      malformedJson     | {"status":
      idleBusy          | {"status":"busy","source":"idle"}
      idleManual        | {"status":"away_manual","source":"idle"}
      """)
  void everyDocumentedInputErrorIsTheAnswerToItsRequest(String example, String body) {
    Map<String, String> headers = ApiTestClient.headers(MockTestSupport.DEMO, "application/json");
    Exchange real = api.sendInvalid("PUT", AVAILABILITY, headers, body);
    headers.put("Prefer", "code=400, example=" + example);
    Exchange documented = api.sendInvalid("PUT", AVAILABILITY, headers, "{}");
    assertThat(documented.status()).isEqualTo(400);
    assertThat(real.json()).isEqualTo(documented.json());
  }

  @Test
  void preferDelayHoldsTheAnswerBack() {
    assertThatThrownBy(
            () -> sendWithTimeout(mock, Map.of("Prefer", "delay=5000"), Duration.ofMillis(300)))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void aGlobalLatencyHoldsEveryAnswerBack() {
    try (AvailabilityMock slow = MockTestSupport.start("--latency", "5000")) {
      assertThatThrownBy(() -> sendWithTimeout(slow, Map.of(), Duration.ofMillis(300)))
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(HttpTimeoutException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"connection_reset", "empty_response"})
  void preferFaultBreaksTheConnection(String fault) {
    assertThatThrownBy(
            () -> sendWithTimeout(mock, Map.of("Prefer", "fault=" + fault), Duration.ofSeconds(10)))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void theJournalKeepsOnlyTheLatestRequests() throws IOException {
    try (AvailabilityMock small = MockTestSupport.start("--journal", "5")) {
      for (int i = 0; i < 30; i++) {
        MockTestSupport.send(small, "GET", ME, Map.of("Authorization", MockTestSupport.DEMO), null);
      }
      JsonNode journal = new MockAdmin(small.port()).journal();
      assertThat(journal.path("requests").size()).isEqualTo(5);
    }
  }

  private static Exchange sendWithTimeout(
      AvailabilityMock target, Map<String, String> extra, Duration timeout) {
    Map<String, String> headers = new java.util.LinkedHashMap<>(extra);
    headers.put("Authorization", MockTestSupport.DEMO);
    return new ApiTestClient(target.port()).withTimeout(timeout).raw("GET", ME, headers, null);
  }
}
