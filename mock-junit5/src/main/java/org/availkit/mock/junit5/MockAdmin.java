package org.availkit.mock.junit5;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mock's admin API ({@code /__admin}: WireMock's, with the mock's agents beside it), for a
 * test's setup and checks. It works against any mock, the extension's or one started with {@code
 * mock/run}. A refusal of the admin API is an exception with its answer.
 */
public final class MockAdmin {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final String adminToken;
  // HTTP/1.1: the mock turns Jetty's h2c off (AvailabilityMock), so an upgrade offer would only
  // cost a header.
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /**
   * The admin API of the mock at {@code baseUrl} ({@code http://localhost:4010}), with its {@code
   * --admin-token} (null for none).
   */
  public MockAdmin(String baseUrl, String adminToken) {
    this.baseUrl = baseUrl.replaceFirst("/+$", "");
    this.adminToken = adminToken;
  }

  /** {@code POST /__admin/reset}: every agent back to the spec's example, the journal emptied. */
  public void reset() {
    send("POST", "/__admin/reset", null);
  }

  /**
   * Stores {@code availabilityStatus} ({@code online}, {@code away_manual}, …: the stored values,
   * not the request values) as the agent of {@code apiKey}'s status, whatever it was: for a screen
   * of a status a request cannot reach. A status the spec does not list is an {@link
   * IllegalArgumentException} naming the ones it does.
   */
  public Agent setStatus(String apiKey, String availabilityStatus) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("availability_status", availabilityStatus);
    return Agent.of(send("PUT", agentPath(apiKey) + "/availability", body.toString()));
  }

  /**
   * Stores a status the spec does not list ({@code "unlisted": true}: a lower-case word), as a
   * later server could send it, to show that a client survives one.
   */
  public Agent setUnlistedStatus(String apiKey, String availabilityStatus) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("availability_status", availabilityStatus);
    body.put("unlisted", true);
    return Agent.of(send("PUT", agentPath(apiKey) + "/availability", body.toString()));
  }

  /** {@code GET /__admin/agents/{apiKey}}: the agent of {@code apiKey} as the mock keeps it. */
  public Agent agent(String apiKey) {
    return Agent.of(send("GET", agentPath(apiKey), null));
  }

  /**
   * {@code GET /__admin/requests}, the journal: the requests the mock answered since the last
   * reset, oldest first (WireMock lists the newest first), the admin API's own not among them. It
   * keeps the last {@code --journal N}, 100 by default.
   */
  public List<RecordedRequest> requests() {
    List<RecordedRequest> requests = new ArrayList<>();
    for (JsonNode event : send("GET", "/__admin/requests", null).path("requests")) {
      requests.add(RecordedRequest.of(event));
    }
    Collections.reverse(requests);
    return List.copyOf(requests);
  }

  /** The agent as the admin API shows it. */
  public record Agent(String availabilityStatus, String json) {

    static Agent of(JsonNode answer) {
      JsonNode data = answer.path("data");
      return new Agent(data.path("availability_status").asText(null), data.toString());
    }

    /** A field of the agent's JSON as text, such as {@code updated_at}; null when absent. */
    public String field(String name) {
      try {
        return JSON.readTree(json).path(name).asText(null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * A request in the journal and the mock's answer to it.
   *
   * @param method {@code GET}, {@code PUT}, …
   * @param url the path with its query, as sent ({@code /api/v1/agents/me/availability})
   * @param headers the request's headers, names as sent (several values of one joined by {@code ,
   *     })
   * @param body the request's body as text, empty for none
   * @param status the mock's answer's status
   * @param responseBody the mock's answer's body as text
   */
  public record RecordedRequest(
      String method,
      String url,
      Map<String, String> headers,
      String body,
      int status,
      String responseBody) {

    public RecordedRequest {
      TreeMap<String, String> anyCase = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      anyCase.putAll(headers);
      headers = Collections.unmodifiableMap(anyCase);
    }

    /** The path without its query. */
    public String path() {
      int query = url.indexOf('?');
      return query < 0 ? url : url.substring(0, query);
    }

    /** A request header, its name in any case; null when the request had none. */
    public String header(String name) {
      return headers.get(name);
    }

    static RecordedRequest of(JsonNode event) {
      JsonNode request = event.path("request");
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (Map.Entry<String, JsonNode> header : request.path("headers").properties()) {
        JsonNode value = header.getValue();
        if (value.isArray()) {
          List<String> values = new ArrayList<>();
          value.forEach(v -> values.add(v.asText()));
          headers.put(header.getKey(), String.join(", ", values));
        } else {
          headers.put(header.getKey(), value.asText());
        }
      }
      JsonNode response = event.path("response");
      return new RecordedRequest(
          request.path("method").asText(),
          request.path("url").asText(),
          headers,
          request.path("body").asText(""),
          response.path("status").asInt(),
          response.path("body").asText(""));
    }
  }

  private static String agentPath(String apiKey) {
    return "/__admin/agents/" + URLEncoder.encode(apiKey, StandardCharsets.UTF_8);
  }

  private JsonNode send(String method, String path, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (adminToken != null) {
      request.header("Authorization", "Token " + adminToken);
    }
    HttpResponse<String> answer;
    try {
      answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + baseUrl + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + method + " " + baseUrl + path, e);
    }
    if (answer.statusCode() == 400) {
      throw new IllegalArgumentException(
          "the mock's admin API refused " + method + " " + path + ": " + answer.body());
    }
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(
          "the mock's admin API answered "
              + method
              + " "
              + path
              + " with "
              + answer.statusCode()
              + ": "
              + answer.body());
    }
    try {
      return answer.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new IllegalStateException(
          "the mock's admin API answered " + method + " " + path + " with: " + answer.body(), e);
    }
  }
}
