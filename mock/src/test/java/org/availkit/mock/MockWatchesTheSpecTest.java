package org.availkit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.availkit.contract.testing.MockAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --spec FILE --watch}: the mock serves the file, and follows it as it is edited (examples,
 * validation and the served spec), without a restart; an edit that does not load leaves the last
 * good spec served and says why.
 */
class MockWatchesTheSpecTest {

  static final Duration RELOAD = Duration.ofSeconds(20);
  static final String ME = "/api/v1/agents/me";

  @TempDir Path dir;

  @Test
  void aWatchedSpecIsFollowedAsItIsEdited() throws IOException {
    String packaged = MockTestSupport.specAsWritten();
    Path file = dir.resolve("openapi.yaml");
    Files.writeString(file, packaged);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    MockOptions options = MockOptions.parse("--spec", file.toString(), "--watch").withPort(0);
    try (AvailabilityMock mock =
        AvailabilityMock.start(options, new PrintStream(log, true, StandardCharsets.UTF_8))) {
      ApiTestClient api = new ApiTestClient(mock.port());
      MockAdmin admin = new MockAdmin(mock.port());
      assertThat(firstName(api)).isEqualTo("John");

      // An example: each agent starts as the new one (after a reset; a kept agent keeps its state).
      write(file, packaged.replace("first_name: John", "first_name: Grace"));
      await()
          .atMost(RELOAD)
          .until(
              () -> {
                admin.reset();
                return firstName(api).equals("Grace");
              });
      assertThat(spec(api)).contains("first_name: Grace");

      // Validation: a request value taken out of the spec is refused.
      String noOffline =
          packaged.replace(
              "enum: [available, busy, away, offline, online, away_manual, away_and_reassigning]",
              "enum: [available, busy, away, online, away_manual, away_and_reassigning]");
      assertThat(noOffline).isNotEqualTo(packaged);
      write(file, noOffline);
      await().atMost(RELOAD).until(() -> put(api, "offline").status() == 400);
      // (The values it names are the server's rules', as on the server, not the file's.)
      assertThat(put(api, "offline").json().path("data").path("field").asText())
          .isEqualTo("status");

      // A file that does not load: the last good spec is served, and the log says why.
      write(file, "openapi: 3.0.3\ninfo: [not, an, object\n");
      await().atMost(RELOAD).until(() -> text(log).contains("Not reloaded " + file));
      assertThat(spec(api)).isEqualTo(noOffline);
      assertThat(put(api, "away").status()).isEqualTo(200);

      // Fixed again: served.
      write(file, packaged);
      await().atMost(RELOAD).until(() -> put(api, "offline").status() == 200);
      assertThat(text(log)).contains("Watching " + file, "Reloaded " + file);
    }
  }

  @Test
  void aSpecThatDoesNotLoadIsRefusedAtTheStart() throws IOException {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(
        file, MockTestSupport.specAsWritten().replace("AgentOnline:", "AgentSomewhere:"));
    MockOptions options = MockOptions.parse("--spec", file.toString()).withPort(0);
    assertThatThrownBy(() -> AvailabilityMock.start(options, System.out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not load")
        .hasMessageContaining("AgentOnline");
  }

  @Test
  void watchNeedsASpecFile() {
    assertThatThrownBy(() -> MockOptions.parse("--watch"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--watch needs --spec FILE");
  }

  private static String firstName(ApiTestClient api) {
    return api.raw("GET", ME, Map.of("Authorization", MockTestSupport.DEMO), null)
        .json()
        .path("data")
        .path("first_name")
        .asText();
  }

  private static Exchange put(ApiTestClient api, String status) {
    return api.raw(
        "PUT",
        "/api/v1/agents/me/availability",
        ApiTestClient.headers(MockTestSupport.DEMO, "application/json"),
        "{\"status\":\"" + status + "\"}");
  }

  private static String spec(ApiTestClient api) {
    return api.raw("GET", ApiFilter.SPEC_PATH, Map.of(), null).body();
  }

  /** Writes as an editor that saves in place does; the size changes with every edit here. */
  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text);
  }

  private static String text(ByteArrayOutputStream log) {
    return log.toString(StandardCharsets.UTF_8);
  }
}
