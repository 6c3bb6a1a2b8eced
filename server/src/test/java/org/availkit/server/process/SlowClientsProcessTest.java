package org.availkit.server.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.Latencies;
import org.availkit.contract.testing.SlowClients;
import org.availkit.contract.testing.SlowClients.Answer;
import org.availkit.contract.testing.SlowClients.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and idle clients do not stop the server answering another (issue 17): with 300 slowloris
 * connections (a head one byte a second), 20 stalled ones (part of a head, then nothing) and 5,000
 * idle keep-alive ones open, 200 requests of another client are each answered 200 with the expected
 * body. Then Tomcat's timeouts let go of the stalled heads (connection-timeout) and the idle
 * connections (keep-alive-timeout), and the slowloris heads are still held: nothing times out a
 * head that keeps coming, only max-connections and the header size bound them (application.yml).
 * The latencies go to target/fault-figures/slow-clients-server.txt, reported, not asserted.
 */
class SlowClientsProcessTest {

  private static final int SLOWLORIS = 300;
  private static final int STALLED = 20;
  private static final int IDLE = 5_000;
  private static final int REQUESTS = 200;

  /** For opening each kind of connection, and for each request of the other client. */
  private static final Duration OPENING = Duration.ofSeconds(60);

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path workDir;

  @Test
  void slowAndIdleClientsDoNotStopTheServerAnsweringAnother() throws Exception {
    String auth =
        basic(
            ServerProcess.cli(
                workDir,
                "create",
                "--email",
                "slow-" + UUID.randomUUID() + "@test.example",
                "--first-name",
                "Slow"));
    String get = request(auth, "close");
    int idle = SlowClients.withinDescriptorLimit(IDLE, SLOWLORIS + STALLED + 500);
    try (ServerProcess server = ServerProcess.start(workDir);
        SlowClients clients = new SlowClients(server.port())) {
      int port = server.port();
      assertThat(new ApiTestClient(port).put(auth, "{\"status\":\"busy\"}").status())
          .isEqualTo(200);
      Answer expected = SlowClients.ask(port, get, TIMEOUT);
      assertThat(expected.status()).isEqualTo(200);
      assertThat(expected.body()).contains("\"availability_status\":\"busy\"");

      // The same requests with nothing else open, for comparison: after as many again to warm
      // up the JIT, which made the first ones the slowest.
      List<String> wrong = new ArrayList<>();
      timed(port, get, expected, wrong);
      Latencies alone = timed(port, get, expected, wrong);

      assertThat(clients.slowloris(SLOWLORIS, OPENING)).as("slowloris opened").isEqualTo(SLOWLORIS);
      assertThat(
              clients.stalled(
                  STALLED,
                  "GET /api/v1/agents/me HTTP/1.1\r\nHost: localhost\r\nAuthoriz",
                  OPENING))
          .as("stalled opened")
          .isEqualTo(STALLED);
      assertThat(clients.idle(idle, request(auth, "keep-alive"), OPENING))
          .as("idle connections answered 200 and kept")
          .isEqualTo(idle);

      Latencies latencies = timed(port, get, expected, wrong);
      Map<Kind, Integer> open = clients.stillOpen();
      latencies.write(
          "slow-clients-server",
          List.of(
              "SlowClientsProcessTest: "
                  + REQUESTS
                  + " GETs, each on a connection of its own, one after another, while open:",
              "  " + SlowClients.describe(open) + " (stalled heads go at connection-timeout)",
              "  file descriptor limit of the test JVM: " + SlowClients.descriptorLimit(),
              "the same before any of them were opened (after as many to warm up), latency (ms): "
                  + alone.summary()));
      System.out.println("SlowClientsProcessTest: " + latencies.summary() + "; open " + open);

      assertThat(wrong).as("the other client's requests, answered 200 as before").isEmpty();
      assertThat(open.get(Kind.SLOWLORIS)).as("slowloris still open").isEqualTo(SLOWLORIS);
      assertThat(open.get(Kind.IDLE)).as("idle still open").isEqualTo(idle);

      // The timeouts let go of what has stopped sending; a head that keeps coming is kept.
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                Map<Kind, Integer> now = clients.stillOpen();
                return now.get(Kind.STALLED) == 0 && now.get(Kind.IDLE) == 0;
              });
      assertThat(clients.stillOpen().get(Kind.SLOWLORIS))
          .as("slowloris still open after %d bytes each", clients.slowlorisBytesSent())
          .isEqualTo(SLOWLORIS);
      assertThat(sameAgent(SlowClients.ask(port, get, TIMEOUT), expected)).isTrue();
    }
  }

  /**
   * The same answer as {@code expected} but for {@code api_key_last_used_at}, which the server
   * moves on as the key is used (at most once a minute,
   * ApiKeyAuthenticationFilter.KEY_USE_RESOLUTION).
   */
  private static boolean sameAgent(Answer answer, Answer expected) {
    return answer.status() == expected.status()
        && withoutLastUse(answer.body()).equals(withoutLastUse(expected.body()));
  }

  private static String withoutLastUse(String body) {
    return body.replaceFirst("\"api_key_last_used_at\":\"[^\"]*\"", "");
  }

  /**
   * {@value #REQUESTS} GETs one after another, each on a connection of its own, timed; what was not
   * answered as {@code expected} goes to {@code wrong}.
   */
  private static Latencies timed(int port, String get, Answer expected, List<String> wrong) {
    Latencies latencies = new Latencies();
    for (int i = 0; i < REQUESTS; i++) {
      long start = System.nanoTime();
      try {
        Answer answer = SlowClients.ask(port, get, TIMEOUT);
        latencies.add(Duration.ofNanos(System.nanoTime() - start));
        if (!sameAgent(answer, expected)) {
          wrong.add(i + ": " + answer);
        }
      } catch (IOException e) {
        wrong.add(i + ": " + e);
      }
    }
    return latencies;
  }

  private static String request(String auth, String connection) {
    return "GET /api/v1/agents/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
        + auth
        + "\r\nConnection: "
        + connection
        + "\r\n\r\n";
  }

  private static String basic(JsonNode created) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                (created.path("api_key").asText() + ":" + created.path("api_secret").asText())
                    .getBytes(StandardCharsets.UTF_8));
  }
}
