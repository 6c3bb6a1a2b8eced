package org.example.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.Test;

/**
 * The Java client (org.availkit:availability-client from a Maven repository) against the target
 * the environment names (AVAILKIT_BASE_URL, AVAILKIT_KEY, AVAILKIT_SECRET; AVAILKIT_MOCK_ADMIN on
 * the mock). JavaClientIT runs it once against the mock and once against the server. The native
 * library has no authentication settings, so both credential forms are a request interceptor that
 * sets the header.
 */
class ClientTest {

  static final String BASE_URL = System.getenv("AVAILKIT_BASE_URL");
  static final String KEY = System.getenv("AVAILKIT_KEY");
  static final String SECRET = System.getenv("AVAILKIT_SECRET");
  static final String MOCK_ADMIN = System.getenv().getOrDefault("AVAILKIT_MOCK_ADMIN", "");
  static final ObjectMapper JSON = new ObjectMapper();

  static AgentsApi api(String authorization) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(BASE_URL);
    client.setRequestInterceptor(request -> request.header("Authorization", authorization));
    return new AgentsApi(client);
  }

  static String basic(String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((KEY + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  static AgentsApi basic() {
    return api(basic(SECRET));
  }

  static AvailabilityStatus put(RequestedStatus status, ChangeSource source) throws ApiException {
    AgentResponse answer =
        basic().updateAgentAvailability(new AvailabilityRequest().status(status).source(source));
    assertEquals(AgentResponse.StatusEnum.SUCCESS, answer.getStatus());
    return answer.getData().getAvailabilityStatus();
  }

  @Test
  void readsTheAgentInBothCredentialForms() throws ApiException {
    for (String authorization : List.of(basic(SECRET), "token " + KEY + ":" + SECRET)) {
      AgentResponse agent = api(authorization).getCurrentAgent();
      assertEquals(KEY, agent.getData().getApiKey());
      assertNotEquals(
          AvailabilityStatus.UNKNOWN_DEFAULT_OPEN_API, agent.getData().getAvailabilityStatus());
      assertNotNull(agent.getData().getCreatedAt());
    }
  }

  @Test
  void everyRequestValueFromTheAgent() throws ApiException {
    Map<RequestedStatus, AvailabilityStatus> table =
        Map.of(
            RequestedStatus.AVAILABLE, AvailabilityStatus.ONLINE,
            RequestedStatus.BUSY, AvailabilityStatus.BUSY,
            RequestedStatus.AWAY, AvailabilityStatus.AWAY_MANUAL,
            RequestedStatus.OFFLINE, AvailabilityStatus.OFFLINE,
            RequestedStatus.ONLINE, AvailabilityStatus.ONLINE,
            RequestedStatus.AWAY_MANUAL, AvailabilityStatus.AWAY_MANUAL,
            RequestedStatus.AWAY_AND_REASSIGNING, AvailabilityStatus.AWAY_AND_REASSIGNING);
    for (var row : table.entrySet()) {
      put(RequestedStatus.OFFLINE, ChangeSource.USER);
      assertEquals(row.getValue(), put(row.getKey(), ChangeSource.USER), "user " + row.getKey());
    }
  }

  @Test
  void everyRequestValueFromIdleDetection() throws ApiException {
    Map<RequestedStatus, AvailabilityStatus> table =
        Map.of(
            RequestedStatus.AVAILABLE, AvailabilityStatus.ONLINE,
            RequestedStatus.AWAY, AvailabilityStatus.AWAY,
            RequestedStatus.OFFLINE, AvailabilityStatus.OFFLINE,
            RequestedStatus.ONLINE, AvailabilityStatus.ONLINE);
    for (var row : table.entrySet()) {
      put(RequestedStatus.OFFLINE, ChangeSource.USER);
      assertEquals(row.getValue(), put(row.getKey(), ChangeSource.IDLE), "idle " + row.getKey());
    }
  }

  @Test
  void anIdleChangeDoesNotOverwriteAManualStatus() throws ApiException {
    for (RequestedStatus manual :
        List.of(
            RequestedStatus.BUSY, RequestedStatus.AWAY_MANUAL, RequestedStatus.AWAY_AND_REASSIGNING)) {
      AvailabilityStatus kept = put(manual, ChangeSource.USER);
      assertEquals(kept, put(RequestedStatus.AVAILABLE, ChangeSource.IDLE));
      assertEquals(kept, put(RequestedStatus.AWAY, ChangeSource.IDLE));
      assertEquals(kept, basic().getCurrentAgent().getData().getAvailabilityStatus());
    }
  }

  @Test
  void a400NamesTheFieldTheEnvelopeReadableFromTheException() throws Exception {
    ApiException e =
        assertThrows(ApiException.class, () -> put(RequestedStatus.BUSY, ChangeSource.IDLE));
    assertEquals(400, e.getCode());
    JsonNode envelope = JSON.readTree(e.getResponseBody());
    assertEquals("error", envelope.path("status").asText());
    assertEquals("status", envelope.path("data").path("field").asText());
    assertEquals(
        "[\"available\",\"away\",\"offline\",\"online\"]",
        envelope.path("data").path("allowed_values").toString());
  }

  @Test
  void aWrongSecretIsA401TheEnvelopeReadableFromTheException() throws Exception {
    ApiException e = assertThrows(ApiException.class, () -> api(basic("as_wrong")).getCurrentAgent());
    assertEquals(401, e.getCode());
    assertEquals(
        "UnauthorizedException", JSON.readTree(e.getResponseBody()).path("error_type").asText());
  }

  @Test
  void aStatusThisVersionDoesNotListReachesTheCallerAsUnknown() throws Exception {
    assumeFalse(
        MOCK_ADMIN.isEmpty(),
        "the server stores only the statuses this spec lists; the mock's admin API sends another");
    HttpResponse<String> set =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(MOCK_ADMIN + "/agents/" + KEY + "/availability"))
                    .header("Content-Type", "application/json")
                    .PUT(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"availability_status\":\"in_a_meeting\",\"unlisted\":true}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, set.statusCode(), set.body());
    assertEquals(
        AvailabilityStatus.UNKNOWN_DEFAULT_OPEN_API,
        basic().getCurrentAgent().getData().getAvailabilityStatus());
    assertEquals(AvailabilityStatus.ONLINE, put(RequestedStatus.AVAILABLE, ChangeSource.USER));
  }

  @Test
  void theReadmesExampleRuns() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      Example.main(new String[0]);
    } finally {
      System.setOut(stdout);
    }
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("away_manual"), out::toString);
  }
}
