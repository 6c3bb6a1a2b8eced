package org.availkit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.availkit.contract.testing.AgentFixtures.DEMO_KEY;
import static org.availkit.contract.testing.AgentFixtures.DEMO_SECRET;

import java.util.List;
import java.util.Map;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Credentials and validation like the server: the same statuses, error types and envelope, checked
 * against the spec.
 */
class MockLikeTheServerTest {

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
  void client() {
    api = new ApiTestClient(mock.port());
  }

  private Exchange putRaw(String contentType, String body) {
    return api.sendInvalid(
        "PUT",
        "/api/v1/agents/me/availability",
        ApiTestClient.headers(MockTestSupport.DEMO, contentType),
        body);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Basic", "basic", "BASIC"})
  void theDemoPairWorksInBasicFormInAnyCase(String scheme) {
    String encoded = MockTestSupport.DEMO.substring("Basic ".length());
    assertThat(api.getMe(scheme + " " + encoded).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"token", "Token", "TOKEN"})
  void theDemoPairWorksInTokenFormInAnyCase(String scheme) {
    assertThat(
            api.put(scheme + " " + DEMO_KEY + ":" + DEMO_SECRET, "{\"status\":\"away\"}").status())
        .isEqualTo(200);
  }

  @Test
  void everyKindOfBadCredentialGetsTheServers401() {
    List<String> bad =
        List.of(
            ApiTestClient.basic(DEMO_KEY, "wrong"),
            "token " + DEMO_KEY + ":wrong",
            "token ak_other:" + DEMO_SECRET,
            "Basic !!!",
            "Bearer " + DEMO_KEY + ":" + DEMO_SECRET,
            "token " + DEMO_KEY,
            DEMO_KEY + ":" + DEMO_SECRET);
    String first = null;
    for (String authorization : bad) {
      Exchange answer =
          api.sendInvalid(
              "GET", "/api/v1/agents/me", ApiTestClient.headers(authorization, null), null);
      assertThat(answer.status()).as(authorization).isEqualTo(401);
      assertThat(answer.errorType()).isEqualTo("UnauthorizedException");
      assertThat(answer.header("WWW-Authenticate")).isEqualTo("Basic realm=\"api\", token");
      first = first == null ? answer.body() : first;
      assertThat(answer.body()).isEqualTo(first);
    }
    assertThat(api.sendInvalid("GET", "/api/v1/agents/me", Map.of(), null).status()).isEqualTo(401);
  }

  @Test
  void credentialsFromTheCommandLineReplaceTheDemoPair() {
    try (AvailabilityMock custom = MockTestSupport.start("--credential", "ak_team:s3cret")) {
      ApiTestClient client = new ApiTestClient(custom.port());
      assertThat(client.getMe(ApiTestClient.token("ak_team", "s3cret")).status()).isEqualTo(200);
      assertThat(
              client
                  .sendInvalid(
                      "GET",
                      "/api/v1/agents/me",
                      ApiTestClient.headers(MockTestSupport.DEMO, null),
                      null)
                  .status())
          .isEqualTo(401);
    }
  }

  @Test
  void anyCredentialsCanBeAccepted() {
    try (AvailabilityMock open = MockTestSupport.start("--accept-any-credentials")) {
      ApiTestClient client = new ApiTestClient(open.port());
      assertThat(client.getMe(ApiTestClient.token("ak_whoever", "anything")).status())
          .isEqualTo(200);
      assertThat(
              client
                  .sendInvalid(
                      "GET",
                      "/api/v1/agents/me",
                      ApiTestClient.headers("token nocolon", null),
                      null)
                  .status())
          .isEqualTo(401);
      // Only pairs the server could have issued: a NUL byte, non-ASCII, a key without ak_ or past
      // the server's column, a space in the secret get the server's 401, as they do there.
      for (String pair :
          List.of(
              "ak_a\0b:anything",
              "ak_whoever:any\0thing",
              "ak_caf\u00e9:anything",
              "whoever:anything",
              "ak_" + "k".repeat(62) + ":anything",
              "ak_whoever:any thing")) {
        Exchange answer =
            client.sendInvalid(
                "GET",
                "/api/v1/agents/me",
                ApiTestClient.headers(
                    "Basic "
                        + java.util.Base64.getEncoder()
                            .encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    null),
                null);
        assertThat(answer.status()).as(pair).isEqualTo(401);
        assertThat(answer.errorType()).isEqualTo("UnauthorizedException");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"status\":\"bogus\"}",
        "{\"status\":1}",
        "{\"status\":true}",
        "{\"status\":{}}",
        "{\"status\":null}",
        "{}"
      })
  void anInvalidStatusNamesTheFieldAndItsAllowedValues(String body) {
    Exchange answer = putRaw("application/json", body);
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.errorType()).isEqualTo("InputException");
    assertThat(answer.json().path("data").path("field").asText()).isEqualTo("status");
    assertThat(answer.json().path("data").path("allowed_values").toString())
        .isEqualTo(
            "[\"available\",\"busy\",\"away\",\"offline\",\"online\",\"away_manual\",\"away_and_reassigning\"]");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"status\":\"bogus\",\"source\":\"idle\"}",
        "{\"source\":\"idle\",\"status\":\"bogus\"}",
        "{\"status\":1,\"source\":\"idle\"}",
        "{\"status\":null,\"source\":\"idle\"}",
        "{\"source\":\"idle\"}"
      })
  void anInvalidStatusFromIdleDetectionNamesIdlesAllowedValues(String body) {
    Exchange answer = putRaw("application/json", body);
    assertThat(answer.json().path("data").path("field").asText()).isEqualTo("status");
    assertThat(answer.json().path("data").path("allowed_values").toString())
        .isEqualTo("[\"available\",\"away\",\"offline\",\"online\"]");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"status\":\"bogus\",\"source\":\"robot\"}",
        "{\"source\":\"robot\",\"status\":\"bogus\"}",
        "{\"status\":\"bogus\",\"source\":null}"
      })
  void aWrongSourceIsNamedBeforeAWrongStatus(String body) {
    Exchange answer = putRaw("application/json", body);
    assertThat(answer.json().path("data").path("field").asText()).isEqualTo("source");
    assertThat(answer.json().path("data").path("allowed_values").toString())
        .isEqualTo("[\"user\",\"idle\"]");
  }

  @Test
  void anInvalidSourceNamesItsAllowedValues() {
    Exchange answer = putRaw("application/json", "{\"status\":\"away\",\"source\":\"robot\"}");
    assertThat(answer.json().path("data").path("field").asText()).isEqualTo("source");
    assertThat(answer.json().path("data").path("allowed_values").toString())
        .isEqualTo("[\"user\",\"idle\"]");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"status\":",
        "not json",
        "[]",
        "42",
        "{\"status\":\"away\",\"status\":\"busy\"}"
      })
  void aBodyThatIsNotOneJsonObjectIsAnInputErrorOnTheBody(String body) {
    Exchange answer = putRaw("application/json", body);
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().path("data").path("field").asText()).isEqualTo("body");
  }

  @Test
  void mediaTypeSizeAndMethodAreCheckedLikeOnTheServer() {
    assertThat(putRaw("text/plain", "status=away").errorType())
        .isEqualTo("UnsupportedMediaTypeException");
    assertThat(putRaw("application/json;charset=bogus", "{\"status\":\"away\"}").status())
        .isEqualTo(415);
    assertThat(putRaw("application/json; charset=UTF-8", "{\"status\":\"away\"}").status())
        .isEqualTo(200);
    Exchange tooLarge =
        putRaw("application/json", "{\"status\":\"away\",\"pad\":\"" + "x".repeat(20_000) + "\"}");
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.errorType()).isEqualTo("PayloadTooLargeException");
    Exchange wrongMethod =
        api.sendWrongMethod(
            "POST",
            "/api/v1/agents/me/availability",
            "PUT",
            ApiTestClient.headers(MockTestSupport.DEMO, "application/json"),
            "{}");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.header("Allow")).isEqualTo("PUT");
    Exchange unknown =
        api.raw(
            "GET", "/api/v1/agents/you", ApiTestClient.headers(MockTestSupport.DEMO, null), null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errorType()).isEqualTo("NotFoundException");
  }

  @ParameterizedTest
  @ValueSource(strings = {"busy", "away_manual", "away_and_reassigning"})
  void idleDetectionCannotSetAManualStatus(String status) {
    Exchange answer =
        putRaw("application/json", "{\"status\":\"" + status + "\",\"source\":\"idle\"}");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().path("message").asText())
        .isEqualTo("Idle detection cannot set the status " + status + ".");
    assertThat(answer.json().path("data").path("allowed_values").toString())
        .isEqualTo("[\"available\",\"away\",\"offline\",\"online\"]");
  }

  @Test
  void servesThePackagedSpecUnchanged() {
    Exchange answer = api.raw("GET", "/api/v1/openapi.yaml", Map.of(), null);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo(MockTestSupport.specAsWritten());
  }
}
