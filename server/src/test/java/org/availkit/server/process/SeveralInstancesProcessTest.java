package org.availkit.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import org.availkit.server.TestRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes on one PostgreSQL: what one writes the other reads, and revoking a key or
 * disabling an agent with the command line takes effect on both within one second. Runs with
 * -Ppostgres (the embedded database is one process's).
 */
@EnabledIfSystemProperty(named = "availkit.test.postgres", matches = "true")
class SeveralInstancesProcessTest {

  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dirA;
  @TempDir Path dirB;

  @Test
  void twoInstancesShareStateAndRevocation() throws Exception {
    String email = "twin-" + UUID.randomUUID() + "@test.example";
    String auth = basic(ServerProcess.cli(dirA, "create", "--email", email, "--first-name", "Twin"));
    String disabledEmail = "twin-" + UUID.randomUUID() + "@test.example";
    String disabledAuth = basic(ServerProcess.cli(dirA, "create", "--email", disabledEmail, "--first-name", "Off"));
    try (ServerProcess a = ServerProcess.start(dirA); ServerProcess b = ServerProcess.start(dirB)) {
      assertThat(put(a.port(), auth, "busy")).isEqualTo(200);
      assertThat(get(b.port(), auth).path("data").path("availability_status").asText()).isEqualTo("busy");
      assertThat(put(b.port(), auth, "available")).isEqualTo(200);
      assertThat(get(a.port(), auth).path("data").path("availability_status").asText()).isEqualTo("online");

      ServerProcess.cli(dirA, "revoke-key", "--email", email);
      assertWithinOneSecond(a.port(), auth, 401);
      assertWithinOneSecond(b.port(), auth, 401);

      assertThat(status(a.port(), disabledAuth)).isEqualTo(200);
      ServerProcess.cli(dirB, "disable", "--email", disabledEmail);
      assertWithinOneSecond(a.port(), disabledAuth, 403);
      assertWithinOneSecond(b.port(), disabledAuth, 403);
    }
  }

  /** The instance answers {@code expected} no later than one second after the command returned. */
  private void assertWithinOneSecond(int port, String auth, int expected) throws Exception {
    long deadline = System.nanoTime() + 1_000_000_000L;
    int last;
    do {
      last = status(port, auth);
      if (last == expected) {
        return;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    assertThat(last).as("answer one second after the change").isEqualTo(expected);
  }

  private int put(int port, String auth, String status) throws Exception {
    return TestRecords.answer("http-client", http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/agents/me/availability"))
            .header("Authorization", auth).header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"" + status + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString())).statusCode();
  }

  private int status(int port, String auth) throws Exception {
    return TestRecords.answer("http-client", http.send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/api/v1/agents/me"))
        .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString())).statusCode();
  }

  private JsonNode get(int port, String auth) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/agents/me"))
        .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
    TestRecords.answer("http-client", response);
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
  }

  private static String basic(JsonNode created) {
    return "Basic " + Base64.getEncoder().encodeToString((created.path("api_key").asText() + ":"
        + created.path("api_secret").asText()).getBytes(StandardCharsets.UTF_8));
  }
}
