package org.availkit.server.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.availkit.contract.testing.ApiTestClient;
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

  @TempDir Path dirA;
  @TempDir Path dirB;

  @Test
  void twoInstancesShareStateAndRevocation() throws Exception {
    String email = "twin-" + UUID.randomUUID() + "@test.example";
    String auth =
        basic(ServerProcess.cli(dirA, "create", "--email", email, "--first-name", "Twin"));
    String disabledEmail = "twin-" + UUID.randomUUID() + "@test.example";
    String disabledAuth =
        basic(ServerProcess.cli(dirA, "create", "--email", disabledEmail, "--first-name", "Off"));
    try (ServerProcess a = ServerProcess.start(dirA);
        ServerProcess b = ServerProcess.start(dirB)) {
      assertThat(put(a.port(), auth, "busy")).isEqualTo(200);
      assertThat(get(b.port(), auth).path("data").path("availability_status").asText())
          .isEqualTo("busy");
      assertThat(put(b.port(), auth, "available")).isEqualTo(200);
      assertThat(get(a.port(), auth).path("data").path("availability_status").asText())
          .isEqualTo("online");

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
  private void assertWithinOneSecond(int port, String auth, int expected) {
    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () ->
                assertThat(status(port, auth))
                    .as("answer one second after the change")
                    .isEqualTo(expected));
  }

  private static int put(int port, String auth, String status) {
    return new ApiTestClient(port).put(auth, "{\"status\":\"" + status + "\"}").status();
  }

  private static int status(int port, String auth) {
    return new ApiTestClient(port).getMe(auth).status();
  }

  private static JsonNode get(int port, String auth) {
    return new ApiTestClient(port).getMe(auth).json();
  }

  private static String basic(JsonNode created) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                (created.path("api_key").asText() + ":" + created.path("api_secret").asText())
                    .getBytes(StandardCharsets.UTF_8));
  }
}
