package org.availkit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.BlackBoxCases;

/**
 * The server under test, reached only through its API: the agent's status read, and each starting
 * status a rule or a pact needs reached by the requests a client would send (a user request sets
 * any manual status; idle detection's away from online), so no access to the server's database is
 * needed.
 */
final class Target {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final ApiTestClient api;
  private final String key;
  private final String secret;
  private final boolean readOnly;

  Target(RunnerOptions options) {
    this.baseUrl = options.baseUrl();
    // A server that takes a request and never answers fails that case, not the whole run.
    this.api = new ApiTestClient(baseUrl).withTimeout(Duration.ofSeconds(30));
    this.key = options.key();
    this.secret = options.secret();
    this.readOnly = options.readOnly();
  }

  String baseUrl() {
    return baseUrl;
  }

  ApiTestClient api() {
    return api;
  }

  String key() {
    return key;
  }

  String secret() {
    return secret;
  }

  boolean readOnly() {
    return readOnly;
  }

  String basic() {
    return ApiTestClient.basic(key, secret);
  }

  /** No status could be read from the agent's answer, whose HTTP status is {@code status}. */
  static final class Unreadable extends IllegalStateException {
    final int status;

    Unreadable(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /**
   * The agent's status, read without checking the answer against the spec (the cases do that);
   * throws {@link Unreadable} naming what came back when there is none.
   */
  String status() {
    ApiTestClient.Exchange answer =
        api.raw("GET", BlackBoxCases.GET_PATH, ApiTestClient.headers(basic(), null), null);
    String status = json(answer.body()).path("data").path("availability_status").asText("");
    if (answer.status() != 200 || status.isEmpty()) {
      throw new Unreadable(
          answer.status(),
          "GET "
              + BlackBoxCases.GET_PATH
              + " answered "
              + answer.status()
              + " "
              + excerpt(answer.body()));
    }
    return status;
  }

  /**
   * Brings the agent to {@code status} through the API; empty when it is there, else why not. With
   * {@code --read-only} only a status the agent already has is reachable.
   */
  Optional<String> reach(String status) {
    try {
      String now = status();
      if (now.equals(status)) {
        return Optional.empty();
      }
      if (readOnly) {
        return Optional.of(
            "the agent is " + now + ", and reaching " + status + " is a write (--read-only)");
      }
      // A user request stores any manual status as it is; away is what idle detection makes of
      // away from online (the spec's rules), the one status no user request stores.
      List<String> bodies =
          status.equals("away")
              ? List.of(body("online", "user"), body("away", "idle"))
              : List.of(body(status, "user"));
      for (String body : bodies) {
        ApiTestClient.Exchange answer =
            api.raw(
                "PUT",
                BlackBoxCases.PUT_PATH,
                ApiTestClient.headers(basic(), "application/json"),
                body);
        if (answer.status() != 200) {
          return Optional.of(
              "PUT " + body + " answered " + answer.status() + " " + excerpt(answer.body()));
        }
      }
      String reached = status();
      return reached.equals(status)
          ? Optional.empty()
          : Optional.of("after " + bodies + " the agent is " + reached + ", not " + status);
    } catch (RuntimeException e) {
      return Optional.of(Outcome.oneLine(e.getMessage()));
    }
  }

  private static String body(String status, String source) {
    return "{\"status\":\"" + status + "\",\"source\":\"" + source + "\"}";
  }

  static JsonNode json(String body) {
    try {
      return body == null ? JSON.missingNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }

  /** The start of a body, on one line, for a message. */
  static String excerpt(String body) {
    if (body == null || body.isEmpty()) {
      return "(no body)";
    }
    String line = Outcome.oneLine(body);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
