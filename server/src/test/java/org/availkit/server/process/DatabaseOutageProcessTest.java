package org.availkit.server.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.availkit.contract.ErrorCatalogue;
import org.availkit.contract.ErrorCatalogue.Failure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server on PostgreSQL while the database goes away: stopped as an operator stops it, killed,
 * or cut off behind a network that went silent, with writers and readers at work throughout, and
 * back again with no restart of the server. On a cluster of the test's own ({@link
 * PrivatePostgres}), reached through a {@link CuttableProxy}. It proves issue 17's points:
 *
 * <ul>
 *   <li>every request is answered within 2 s (the clients' timeout), 200 or the catalogue's 503
 *       {@code databaseUnavailable} with {@code Retry-After}: never a 500, never a hang;
 *   <li>a write answered 503 is never applied later, a write answered 200 is kept: each writer has
 *       an agent of its own and always asks for the status other than its last acknowledged one, so
 *       that any 503'd write applied late would show as the agent's final status;
 *   <li>{@code /actuator/health} answers within 1 s and shows {@code db} DOWN, readiness goes
 *       OUT_OF_SERVICE and back, liveness stays UP;
 *   <li>once the database accepts connections again, requests succeed with no restart; how long
 *       that took is reported (target/fault-figures/database-outage.txt), not asserted.
 * </ul>
 */
@EnabledIfSystemProperty(named = "availkit.test.postgres", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageProcessTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration ANSWER = Duration.ofSeconds(2);
  private static final Duration HEALTH = Duration.ofSeconds(1);
  private static final int WRITERS = 4;
  private static final int READERS = 4;
  private static final Path FIGURES = Path.of("target", "fault-figures", "database-outage.txt");

  /** The request values a user sends, and the status each stores. */
  private static final Map<String, String> STORED =
      Map.of("available", "online", "away", "away_manual");

  enum Fault {
    STOPPED,
    KILLED,
    CUT_OFF,
    /**
     * Cut off after more than a second without a request: HikariCP checks an idle connection before
     * lending it (isValid, which answers false rather than failing), and the pool's new connections
     * hang on the silent network.
     */
    CUT_OFF_WHILE_IDLE
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(ANSWER).build();
  private PrivatePostgres postgres;
  private CuttableProxy proxy;
  private ServerProcess server;
  private Path workDir;
  private List<String> agents;

  /** One request: when it was sent (ms after the fault began) and what came back. */
  record Exchange(
      String agent,
      String requested,
      long sentMs,
      int status,
      String body,
      String retryAfter,
      String error) {
    boolean ok() {
      return status == 200;
    }

    @Override
    public String toString() {
      return (requested == null ? "GET" : "PUT " + requested)
          + " sent at "
          + sentMs
          + " ms: "
          + (error != null ? error : status + " " + body);
    }
  }

  @BeforeAll
  void start() throws Exception {
    Optional<Path> bin = PrivatePostgres.binaries();
    assumeTrue(
        bin.isPresent(),
        "no PostgreSQL under /usr/lib/postgresql (.ci/start-postgres installs it)");
    postgres = PrivatePostgres.create(bin.get());
    proxy = new CuttableProxy(postgres.port());
    workDir = Files.createTempDirectory("availkit-outage-");
    Map<String, String> environment = postgres.environment(proxy.port());
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < WRITERS + READERS; i++) {
      lines
          .append("{\"email\":\"outage-")
          .append(UUID.randomUUID())
          .append("@test.example\",\"first_name\":\"Out\"}\n");
    }
    agents = new ArrayList<>();
    for (JsonNode created :
        ServerProcess.cliWithInput(workDir, environment, lines.toString(), "import")) {
      String credentials =
          created.path("api_key").asText() + ":" + created.path("api_secret").asText();
      agents.add(
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    server = ServerProcess.onPostgres(workDir, environment);
    Files.createDirectories(FIGURES.getParent());
    Files.deleteIfExists(FIGURES);
  }

  @AfterAll
  void stop() throws Exception {
    try (AutoCloseable pg = postgres;
        AutoCloseable network = proxy;
        AutoCloseable process = server) {
      // Closed in reverse order: the server, the proxy, the cluster.
    }
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void everyRequestIsAnsweredAndNothingAnswered503IsApplied(Fault fault) throws Exception {
    await().atMost(Duration.ofSeconds(30)).until(() -> health("/readiness").status() == 200);
    long start = System.nanoTime();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicBoolean idle = new AtomicBoolean();
    List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    List<String> lastAcked = new CopyOnWriteArrayList<>();
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < WRITERS + READERS; i++) {
      String agent = agents.get(i);
      String current = get(agent, start).ok() ? statusOf(get(agent, start).body()) : null;
      assertThat(current).as("agent %d before the fault", i).isNotNull();
      int slot = lastAcked.size();
      lastAcked.add(current);
      boolean writer = i < WRITERS;
      Thread client =
          new Thread(
              () -> {
                while (running.get()) {
                  if (idle.get()) {
                    pause(20);
                    continue;
                  }
                  Exchange exchange;
                  if (writer) {
                    // Always the status other than the last acknowledged one; after a first
                    // answer other than 200 this writer writes no more, so that a write answered
                    // 503 and applied anyway would be the agent's final status.
                    String requested = lastAcked.get(slot).equals("online") ? "away" : "available";
                    exchange = put(agent, requested, start);
                    exchanges.add(exchange);
                    if (!exchange.ok()) {
                      return;
                    }
                    lastAcked.set(slot, STORED.get(requested));
                    pause(20);
                    continue;
                  } else {
                    exchange = get(agent, start);
                  }
                  exchanges.add(exchange);
                  pause(20);
                }
              },
              (writer ? "writer-" : "reader-") + i);
      clients.add(client);
      client.start();
    }
    pause(1000);
    if (fault == Fault.CUT_OFF_WHILE_IDLE) {
      idle.set(true);
      pause(1500);
    }
    long faultAt = elapsedMs(start);
    switch (fault) {
      case STOPPED -> postgres.stopFast();
      case KILLED -> postgres.kill();
      case CUT_OFF, CUT_OFF_WHILE_IDLE -> proxy.cut();
    }
    idle.set(false);
    long faultDone = elapsedMs(start);

    // Health, every 100 ms while the database is away: each call answered within 1 s.
    List<String> healthProblems = new ArrayList<>();
    long down = -1;
    long outageEnd = System.nanoTime() + Duration.ofSeconds(4).toNanos();
    while (System.nanoTime() < outageEnd) {
      Answer health = health("");
      if (health.error() != null) {
        healthProblems.add("health " + elapsedMs(start) + " ms: " + health.error());
      } else if (down < 0
          && health.status() == 503
          && "DOWN".equals(health.json().path("components").path("db").path("status").asText())) {
        down = elapsedMs(start);
      }
      pause(100);
    }
    Answer readiness = health("/readiness");
    Answer liveness = health("/liveness");
    long[] counts = count(exchanges, faultAt);

    switch (fault) {
      case STOPPED, KILLED -> postgres.start();
      case CUT_OFF, CUT_OFF_WHILE_IDLE -> proxy.restore();
    }
    long back = elapsedMs(start);
    long recovered = -1;
    while (recovered < 0 && elapsedMs(start) < back + 10_000) {
      long sent = elapsedMs(start);
      if (get(agents.get(WRITERS), start).ok()) {
        recovered = sent;
      } else {
        pause(20);
      }
    }
    pause(1000);
    Exchange writeAfter = put(agents.get(WRITERS), "busy", start);
    running.set(false);
    for (Thread client : clients) {
      client.join(10_000);
    }
    Answer readinessAfter = health("/readiness");

    Files.writeString(
        FIGURES,
        String.format(
            "%s: requests from the fault to the database's return %d, answered 503 %d; health DOWN %d ms after the fault began; the database back (accepting) %d ms after the fault, the next request sent %d ms after that succeeded%n",
            fault,
            counts[0],
            counts[1],
            down < 0 ? -1 : down - faultAt,
            back - faultAt,
            recovered < 0 ? -1 : recovered - back),
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);

    List<String> problems = new ArrayList<>(healthProblems);
    Failure unavailable = ErrorCatalogue.databaseUnavailable();
    for (Exchange exchange : exchanges) {
      boolean documented503 =
          exchange.status() == 503
              && exchange.retryAfter() != null
              && JSON.readTree(exchange.body())
                  .path("error_type")
                  .asText()
                  .equals(unavailable.type().wire())
              && JSON.readTree(exchange.body())
                  .path("message")
                  .asText()
                  .equals(unavailable.message());
      if (!exchange.ok() && !documented503) {
        problems.add(exchange + " (the fault at " + faultAt + " ms)");
      }
    }
    for (int i = 0; i < WRITERS; i++) {
      Exchange now = get(agents.get(i), start);
      String stored = now.ok() ? statusOf(now.body()) : now.toString();
      if (!stored.equals(lastAcked.get(i))) {
        problems.add(
            "writer "
                + i
                + ": the agent is "
                + stored
                + ", its last acknowledged write "
                + lastAcked.get(i));
      }
    }
    assertThat(problems)
        .as(
            "%s: answers that are neither 200 nor the documented 503 within %s, health calls past %s, writes lost or applied late",
            fault, ANSWER, HEALTH)
        .isEmpty();
    assertThat(counts[1])
        .as("%s: requests answered 503 while the database was away (the fault took effect)", fault)
        .isPositive();
    assertThat(down).as("%s: health showed db DOWN", fault).isPositive();
    assertThat(readiness.status())
        .as("%s: readiness while the database was away: %s", fault, readiness)
        .isEqualTo(503);
    assertThat(readiness.json().path("status").asText()).isEqualTo("OUT_OF_SERVICE");
    assertThat(liveness.status()).as("%s: liveness: %s", fault, liveness).isEqualTo(200);
    assertThat(recovered)
        .as("%s: a request succeeded after the database came back, with no restart", fault)
        .isPositive();
    assertThat(writeAfter.ok())
        .as("%s: a write once the database was back: %s", fault, writeAfter)
        .isTrue();
    assertThat(readinessAfter.status())
        .as("%s: readiness once the database was back: %s", fault, readinessAfter)
        .isEqualTo(200);
  }

  /** Requests sent between the fault and now, and how many of them were answered 503. */
  private static long[] count(List<Exchange> exchanges, long faultAt) {
    long sent = exchanges.stream().filter(e -> e.sentMs() >= faultAt).count();
    long unavailable =
        exchanges.stream().filter(e -> e.sentMs() >= faultAt && e.status() == 503).count();
    return new long[] {sent, unavailable};
  }

  record Answer(int status, JsonNode json, String error) {}

  private Answer health(String group) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://localhost:"
                              + server.managementPort()
                              + "/actuator/health"
                              + group))
                  .timeout(HEALTH)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), JSON.readTree(response.body()), null);
    } catch (Exception e) {
      return new Answer(0, JSON.missingNode(), e.toString());
    }
  }

  private Exchange put(String agent, String requested, long start) {
    return send(
        agent,
        requested,
        start,
        HttpRequest.newBuilder(uri("/availability"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"" + requested + "\"}")));
  }

  private Exchange get(String agent, long start) {
    return send(agent, null, start, HttpRequest.newBuilder(uri("")).GET());
  }

  private Exchange send(String agent, String requested, long start, HttpRequest.Builder request) {
    long sent = elapsedMs(start);
    try {
      HttpResponse<String> response =
          http.send(
              request.header("Authorization", agent).timeout(ANSWER).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Exchange(
          agent,
          requested,
          sent,
          response.statusCode(),
          response.body(),
          response.headers().firstValue("Retry-After").orElse(null),
          null);
    } catch (Exception e) {
      return new Exchange(agent, requested, sent, 0, null, null, e.toString());
    }
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + server.port() + "/api/v1/agents/me" + path);
  }

  private static String statusOf(String body) {
    try {
      return JSON.readTree(body).path("data").path("availability_status").asText();
    } catch (Exception e) {
      return null;
    }
  }

  private static long elapsedMs(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
