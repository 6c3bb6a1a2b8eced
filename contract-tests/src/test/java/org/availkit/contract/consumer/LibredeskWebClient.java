package org.availkit.contract.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * What Libredesk's own web frontend does with the API, written from reading it (the public
 * abhinavxd/libredesk repository, {@code frontend/apps/main/src}; none of its code is copied):
 *
 * <ul>
 *   <li>{@code api/index.js}, {@code updateCurrentUserAvailability}: a PUT of the data it is given,
 *       with {@code Content-Type: application/json}; {@code getCurrentUser}: a GET of the agent.
 *   <li>{@code stores/user.js}, {@code updateUserAvailability(status, source = 'user')}: a user
 *       {@code away} is sent as {@code away_manual}; the body is always {@code {status, source}};
 *       the store keeps {@code data.availability_status} of the answer (the sent status if the
 *       answer has none); a 401 sends the browser to the login page. {@code getCurrentUser} keeps
 *       {@code data} whole and reads its names, email, avatar, teams, roles, permissions and
 *       status.
 *   <li>{@code components/sidebar/SidebarNavUser.vue}: the Away switch sends {@code away_manual} /
 *       {@code online}, the Reassign switch {@code away_and_reassigning} / {@code away_manual}.
 *   <li>{@code composables/useIdleDetection.js}: after 5 minutes without activity, while {@code
 *       online}, {@code away} from idle; on activity, while {@code away} or {@code offline}, {@code
 *       online} from idle.
 * </ul>
 *
 * Upstream's frontend authenticates with its session cookie; against this kit it sends an API key,
 * the only credential the kit has.
 */
public final class LibredeskWebClient {

  /** The agent as the store keeps it: what the frontend reads of {@code data}. */
  public record Agent(
      long id,
      String firstName,
      String lastName,
      String availabilityStatus,
      List<String> teams,
      List<String> roles,
      List<String> permissions) {}

  /** A failed call: the frontend looks at the status (401: back to the login page). */
  public static final class HttpError extends RuntimeException {
    public final int status;

    HttpError(int status, String body) {
      super(status + " " + body);
      this.status = status;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;
  private final String authorization;

  /** The store's {@code user.availability_status}, as the last answer left it. */
  private String availabilityStatus = "offline";

  public LibredeskWebClient(String baseUrl, String authorization) {
    this.baseUrl = baseUrl;
    this.authorization = authorization;
  }

  /** Page load: the store's {@code getCurrentUser}. */
  public Agent currentUser() {
    Agent agent =
        agent(send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/agents/me")).GET()));
    availabilityStatus = agent.availabilityStatus();
    return agent;
  }

  /** The store's {@code updateUserAvailability}; answers the status the store then shows. */
  public String updateUserAvailability(String status, String source) {
    String sent = status.equals("away") && source.equals("user") ? "away_manual" : status;
    JsonNode answer =
        send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/agents/me/availability"))
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"status\":\"" + sent + "\",\"source\":\"" + source + "\"}")));
    JsonNode returned = answer.path("data").path("availability_status");
    availabilityStatus = returned.isTextual() ? returned.asText() : sent;
    return availabilityStatus;
  }

  /** The Away switch. */
  public String away(boolean on) {
    return updateUserAvailability(on ? "away_manual" : "online", "user");
  }

  /** The Reassign switch. */
  public String reassign(boolean on) {
    return updateUserAvailability(on ? "away_and_reassigning" : "away_manual", "user");
  }

  /** Five minutes without activity: sent only while the store shows {@code online}. */
  public String idle() {
    return availabilityStatus.equals("online")
        ? updateUserAvailability("away", "idle")
        : availabilityStatus;
  }

  /** Activity again: sent only while the store shows {@code away} or {@code offline}. */
  public String active() {
    return availabilityStatus.equals("away") || availabilityStatus.equals("offline")
        ? updateUserAvailability("online", "idle")
        : availabilityStatus;
  }

  public String availabilityStatus() {
    return availabilityStatus;
  }

  private JsonNode send(HttpRequest.Builder request) {
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new HttpError(response.statusCode(), response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Agent agent(JsonNode answer) {
    JsonNode data = answer.path("data");
    List<String> teams = new ArrayList<>();
    data.path("teams").forEach(t -> teams.add(t.path("name").asText()));
    return new Agent(
        data.path("id").asLong(),
        data.path("first_name").asText(),
        data.path("last_name").asText(),
        data.path("availability_status").asText(),
        teams,
        strings(data.path("roles")),
        strings(data.path("permissions")));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
