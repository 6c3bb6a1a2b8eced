package com.example.helpdesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A consumer of the API as a helpdesk's Java code could be one: the status badge of an agent's
 * screen, which reads the agent's availability and sets it. It knows the API, not the mock: the
 * tests beside it run it against the mock through the JUnit 5 extension.
 */
public final class AvailabilityWidget {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final String authorization;
  private final HttpClient http = HttpClient.newHttpClient();

  public AvailabilityWidget(String baseUrl, String apiKey, String apiSecret) {
    this.baseUrl = baseUrl;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((apiKey + ":" + apiSecret).getBytes(StandardCharsets.UTF_8));
  }

  /** The agent's stored status ({@code online}, {@code away_manual}, …), as the badge shows it. */
  public String status() throws IOException, InterruptedException {
    return agent(send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/agents/me")).GET()));
  }

  /** The agent clicks "Away": returns the status the server stored. */
  public String goAway() throws IOException, InterruptedException {
    return agent(
        send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/agents/me/availability"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"away\"}"))));
  }

  /** The badge's text for an error answer: the envelope's message. */
  public static final class ApiError extends IOException {
    private final int status;

    ApiError(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> answer =
        http.send(
            request.header("Authorization", authorization).build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(answer.body());
    if (answer.statusCode() != 200) {
      throw new ApiError(answer.statusCode(), body.path("message").asText());
    }
    return body;
  }

  private static String agent(JsonNode answer) {
    return answer.path("data").path("availability_status").asText();
  }
}
