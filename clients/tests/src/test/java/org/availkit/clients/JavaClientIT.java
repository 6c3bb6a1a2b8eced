package org.availkit.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.availkit.client.ApiClient;
import org.availkit.client.ApiException;
import org.availkit.client.api.AgentsApi;
import org.availkit.client.model.AgentResponse;
import org.availkit.client.model.AvailabilityRequest;
import org.availkit.client.model.AvailabilityStatus;
import org.availkit.client.model.ChangeSource;
import org.availkit.client.model.RequestedStatus;
import org.availkit.clients.Targets.Credentials;
import org.availkit.clients.Targets.Target;
import org.availkit.clients.example.Example;
import org.availkit.contract.testing.TestProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java client (the module availability-client, a Maven dependency of this one, as a user adds
 * it; nothing of the server or the mock on this class path) against each target. The native library
 * has no authentication settings, so both credential forms are a request interceptor that sets the
 * header.
 */
class JavaClientIT {

  static final Credentials AGENT = Targets.agentOf("java");
  static final ObjectMapper JSON = new ObjectMapper();

  static List<Target> targets() {
    return Targets.all();
  }

  static AgentsApi api(Target target, String authorization) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(target.baseUrl());
    client.setRequestInterceptor(request -> request.header("Authorization", authorization));
    return new AgentsApi(client);
  }

  static String basic(String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((AGENT.key() + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  static AgentsApi basic(Target target) {
    return api(target, basic(AGENT.secret()));
  }

  static AvailabilityStatus put(Target target, RequestedStatus status, ChangeSource source)
      throws ApiException {
    AgentResponse answer =
        basic(target)
            .updateAgentAvailability(new AvailabilityRequest().status(status).source(source));
    assertThat(answer.getStatus()).isEqualTo(AgentResponse.StatusEnum.SUCCESS);
    return answer.getData().getAvailabilityStatus();
  }

  @ParameterizedTest(name = "against the {0}")
  @MethodSource("targets")
  void readsTheAgentInBothCredentialForms(Target target) throws ApiException {
    for (String authorization :
        List.of(basic(AGENT.secret()), "token " + AGENT.key() + ":" + AGENT.secret())) {
      AgentResponse agent = api(target, authorization).getCurrentAgent();
      assertThat(agent.getData().getApiKey()).isEqualTo(AGENT.key());
      assertThat(agent.getData().getAvailabilityStatus())
          .isNotEqualTo(AvailabilityStatus.UNKNOWN_DEFAULT_OPEN_API);
      assertThat(agent.getData().getCreatedAt()).isNotNull();
    }
  }

  @ParameterizedTest(name = "against the {0}")
  @MethodSource("targets")
  void everyRequestValueOfTheApiTable(Target target) throws ApiException {
    Map<RequestedStatus, AvailabilityStatus> fromTheAgent =
        Map.of(
            RequestedStatus.AVAILABLE, AvailabilityStatus.ONLINE,
            RequestedStatus.BUSY, AvailabilityStatus.BUSY,
            RequestedStatus.AWAY, AvailabilityStatus.AWAY_MANUAL,
            RequestedStatus.OFFLINE, AvailabilityStatus.OFFLINE,
            RequestedStatus.ONLINE, AvailabilityStatus.ONLINE,
            RequestedStatus.AWAY_MANUAL, AvailabilityStatus.AWAY_MANUAL,
            RequestedStatus.AWAY_AND_REASSIGNING, AvailabilityStatus.AWAY_AND_REASSIGNING);
    for (var row : fromTheAgent.entrySet()) {
      put(target, RequestedStatus.OFFLINE, ChangeSource.USER);
      assertThat(put(target, row.getKey(), ChangeSource.USER))
          .as("user %s", row.getKey())
          .isEqualTo(row.getValue());
    }
    Map<RequestedStatus, AvailabilityStatus> fromIdleDetection =
        Map.of(
            RequestedStatus.AVAILABLE, AvailabilityStatus.ONLINE,
            RequestedStatus.AWAY, AvailabilityStatus.AWAY,
            RequestedStatus.OFFLINE, AvailabilityStatus.OFFLINE,
            RequestedStatus.ONLINE, AvailabilityStatus.ONLINE);
    for (var row : fromIdleDetection.entrySet()) {
      put(target, RequestedStatus.OFFLINE, ChangeSource.USER);
      assertThat(put(target, row.getKey(), ChangeSource.IDLE))
          .as("idle %s", row.getKey())
          .isEqualTo(row.getValue());
    }
  }

  @ParameterizedTest(name = "against the {0}")
  @MethodSource("targets")
  void anIdleChangeDoesNotOverwriteAManualStatus(Target target) throws ApiException {
    for (RequestedStatus manual :
        List.of(
            RequestedStatus.BUSY,
            RequestedStatus.AWAY_MANUAL,
            RequestedStatus.AWAY_AND_REASSIGNING)) {
      AvailabilityStatus kept = put(target, manual, ChangeSource.USER);
      assertThat(put(target, RequestedStatus.AVAILABLE, ChangeSource.IDLE)).isEqualTo(kept);
      assertThat(put(target, RequestedStatus.AWAY, ChangeSource.IDLE)).isEqualTo(kept);
      assertThat(basic(target).getCurrentAgent().getData().getAvailabilityStatus()).isEqualTo(kept);
    }
  }

  @ParameterizedTest(name = "against the {0}")
  @MethodSource("targets")
  void a400NamesTheFieldTheEnvelopeReadableFromTheException(Target target) {
    assertThatThrownBy(() -> put(target, RequestedStatus.BUSY, ChangeSource.IDLE))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(400);
              JsonNode envelope = json(e.getResponseBody());
              assertThat(envelope.path("status").asText()).isEqualTo("error");
              assertThat(envelope.path("data").path("field").asText()).isEqualTo("status");
              assertThat(envelope.path("data").path("allowed_values").toString())
                  .isEqualTo("[\"available\",\"away\",\"offline\",\"online\"]");
            });
  }

  @ParameterizedTest(name = "against the {0}")
  @MethodSource("targets")
  void aWrongSecretIsA401TheEnvelopeReadableFromTheException(Target target) {
    assertThatThrownBy(() -> api(target, basic("as_wrong")).getCurrentAgent())
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(401);
              assertThat(json(e.getResponseBody()).path("error_type").asText())
                  .isEqualTo("UnauthorizedException");
            });
  }

  @ParameterizedTest(name = "against the {0}")
  @MethodSource("targets")
  void aStatusThisVersionDoesNotListReachesTheCallerAsUnknown(Target target) throws Exception {
    assumeTrue(
        target.mockAdmin() != null,
        "the server stores only the statuses this spec lists; the mock's admin API sends another");
    HttpResponse<String> set =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(target.mockAdmin() + "/agents/" + AGENT.key() + "/availability"))
                    .header("Content-Type", "application/json")
                    .PUT(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"availability_status\":\"in_a_meeting\",\"unlisted\":true}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    assertThat(basic(target).getCurrentAgent().getData().getAvailabilityStatus())
        .isEqualTo(AvailabilityStatus.UNKNOWN_DEFAULT_OPEN_API);
    assertThat(put(target, RequestedStatus.AVAILABLE, ChangeSource.USER))
        .isEqualTo(AvailabilityStatus.ONLINE);
  }

  @ParameterizedTest(name = "against the {0}")
  @MethodSource("targets")
  void theReadmesExampleRuns(Target target) throws Exception {
    // In a JVM of its own, with this target in its environment, as a user runs it.
    TestProcess.Builder example =
        TestProcess.java("-cp", System.getProperty("java.class.path"), Example.class.getName());
    Targets.environment("java", target).forEach(example::environment);
    try (TestProcess process = example.start()) {
      assertThat(process.waitFor(Duration.ofMinutes(1))).isTrue();
      assertThat(process.exitValue()).as(process.text()).isZero();
      assertThat(process.text()).contains("away_manual");
    }
  }

  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }
}
