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
 * What the helpdesk-web agent UI does with the API, and all it reads: the agent's id, names,
 * availability status and team names; on an error, the message it shows.
 */
final class HelpdeskWebClient {

  record AgentView(
      long id, String firstName, String lastName, String availabilityStatus, List<String> teams) {}

  /** An error as the UI shows it. */
  static final class ApiProblem extends RuntimeException {
    final int status;

    ApiProblem(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;
  private final String authorization;

  HelpdeskWebClient(String baseUrl, String authorization) {
    this.baseUrl = baseUrl;
    this.authorization = authorization;
  }

  AgentView currentAgent() {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/agents/me")).GET();
    return send(request);
  }

  AgentView setAvailability(String status, String source) {
    String body =
        source == null
            ? "{\"status\":\"" + status + "\"}"
            : "{\"status\":\"" + status + "\",\"source\":\"" + source + "\"}";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/agents/me/availability"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body));
    return send(request);
  }

  private AgentView send(HttpRequest.Builder request) {
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = JSON.readTree(response.body());
      if (response.statusCode() != 200) {
        throw new ApiProblem(response.statusCode(), json.path("message").asText());
      }
      JsonNode data = json.path("data");
      List<String> teams = new ArrayList<>();
      data.path("teams").forEach(t -> teams.add(t.path("name").asText()));
      return new AgentView(
          data.path("id").asLong(),
          data.path("first_name").asText(),
          data.path("last_name").asText(),
          data.path("availability_status").asText(),
          teams);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
