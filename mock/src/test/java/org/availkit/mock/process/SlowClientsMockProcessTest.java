package org.availkit.mock.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.availkit.contract.testing.AgentFixtures;
import org.availkit.contract.testing.Latencies;
import org.availkit.contract.testing.SlowClients;
import org.availkit.contract.testing.SlowClients.Answer;
import org.availkit.contract.testing.SlowClients.Kind;
import org.availkit.contract.testing.TestProcess;
import org.junit.jupiter.api.Test;

/**
 * Slow and idle clients do not stop the mock answering another (issue 17), as for the server
 * (SlowClientsProcessTest there): the packaged jar in a process of its own, 300 slowloris
 * connections (a head one byte a second), 20 stalled ones (part of a head, then nothing) and 5,000
 * idle keep-alive ones open, and 200 requests of another client each answered 200 with the demo
 * agent. Then Jetty's idle timeout lets go of the stalled and the idle connections, and the
 * slowloris heads are still held: only the connection limit and the head limit bound them
 * (EnvelopeJettyServer). The latencies go to target/fault-figures/slow-clients-mock.txt, reported,
 * not asserted.
 */
class SlowClientsMockProcessTest {

  private static final Path JAR = Path.of("target/availability-mock.jar").toAbsolutePath();
  private static final Pattern BANNER =
      Pattern.compile("Availability mock on http://localhost:(\\d+)");

  private static final int SLOWLORIS = 300;
  private static final int STALLED = 20;
  private static final int IDLE = 5_000;
  private static final int REQUESTS = 200;
  private static final Duration OPENING = Duration.ofSeconds(60);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void slowAndIdleClientsDoNotStopTheMockAnsweringAnother() throws Exception {
    String auth = AgentFixtures.demoBasic();
    String get = request(auth, "close");
    int idle = SlowClients.withinDescriptorLimit(IDLE, SLOWLORIS + STALLED + 500);
    try (TestProcess mock = TestProcess.java("-jar", JAR.toString(), "--port", "0").start()) {
      int port = Integer.parseInt(mock.awaitLine(BANNER, 0, Duration.ofSeconds(60)).group(1));
      try (SlowClients clients = new SlowClients(port)) {
        Answer expected = SlowClients.ask(port, get, TIMEOUT);
        assertThat(expected.status()).isEqualTo(200);
        assertThat(expected.body()).contains("\"api_key\":\"" + AgentFixtures.DEMO_KEY + "\"");

        // The same requests with nothing else open, for comparison: after as many again to warm
        // up the JIT, which made the first ones the slowest.
        List<String> wrong = new ArrayList<>();
        timed(port, get, expected, wrong);
        Latencies alone = timed(port, get, expected, wrong);

        assertThat(clients.slowloris(SLOWLORIS, OPENING))
            .as("slowloris opened")
            .isEqualTo(SLOWLORIS);
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
            "slow-clients-mock",
            List.of(
                "SlowClientsMockProcessTest: "
                    + REQUESTS
                    + " GETs, each on a connection of its own, one after another, while open:",
                "  " + SlowClients.describe(open),
                "  file descriptor limit of the test JVM: " + SlowClients.descriptorLimit(),
                "the same before any of them were opened (after as many to warm up), latency (ms): "
                    + alone.summary()));
        System.out.println("SlowClientsMockProcessTest: " + latencies.summary() + "; open " + open);

        assertThat(wrong).as("the other client's requests, answered 200 as before").isEmpty();
        assertThat(open.get(Kind.SLOWLORIS)).as("slowloris still open").isEqualTo(SLOWLORIS);
        assertThat(open.get(Kind.IDLE)).as("idle still open").isEqualTo(idle);

        // The idle timeout lets go of what has stopped sending; a head that keeps coming is kept.
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
        assertThat(SlowClients.ask(port, get, TIMEOUT)).isEqualTo(expected);
      }
    }
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
        if (!answer.equals(expected)) {
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
}
