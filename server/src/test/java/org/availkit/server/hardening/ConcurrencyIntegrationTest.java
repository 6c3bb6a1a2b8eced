package org.availkit.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.contract.RequestedStatus;
import org.availkit.contract.Source;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.availkit.contract.testing.RuleCases;
import org.availkit.contract.testing.RuleCases.Rule;
import org.availkit.server.ApiIntegrationTest;
import org.availkit.server.TestAgents.TestAgent;
import org.junit.jupiter.api.Test;

/**
 * Many clients on many agents at once, with user and idle updates mixed: no 5xx, no deadlock (every
 * request answers within its timeout), and every answer one that the rules give from the status the
 * request found, in one history of the agent's row that ends where the row ends; so the idle rule
 * is never broken, not even by a write that races a manual change. On whichever database the suite
 * runs (H2 by default, PostgreSQL with -Ppostgres).
 */
class ConcurrencyIntegrationTest extends ApiIntegrationTest {

  /**
   * The row of the literal rules table (RuleCases, in api-spec's test-jar) for a request from
   * {@code current}: the expectation is the table's, not that of {@code AvailabilityRules}, which
   * the server runs.
   */
  private static Rule rule(AvailabilityStatus current, RequestedStatus requested, Source source) {
    return RuleCases.every()
        .filter(
            r ->
                r.current().equals(current.wire())
                    && r.requested().equals(requested.wire())
                    && r.source().equals(source.wire()))
        .findFirst()
        .orElseThrow();
  }

  /** Whether the rules refuse the request (a 400), whatever the current status. */
  private static boolean rejected(RequestedStatus requested, Source source) {
    return rule(AvailabilityStatus.ONLINE, requested, source).rejected();
  }

  /** Whether the request writes over {@code current}: an idle one never over a manual status. */
  private static boolean writesOver(
      RequestedStatus requested, Source source, AvailabilityStatus current) {
    return rule(current, requested, source).written();
  }

  /** A version of an agent's row: its status and the {@code updated_at} that the write gave it. */
  record Version(AvailabilityStatus status, Instant updatedAt) {}

  /** One request and its answer, with when it was sent and when its answer came back (nanoTime). */
  record Call(
      RequestedStatus requested,
      Source source,
      int status,
      Version answered,
      long sent,
      long received) {
    @Override
    public String toString() {
      return requested.wire()
          + "/"
          + source.wire()
          + " -> "
          + status
          + (answered == null ? "" : " " + answered);
    }
  }

  private static Version version(JsonNode agent) {
    return new Version(
        AvailabilityStatus.fromWire(agent.path("availability_status").asText()),
        OffsetDateTime.parse(agent.path("updated_at").asText()).toInstant());
  }

  private Call call(TestAgent agent, RequestedStatus requested, Source source) throws Exception {
    long sent = System.nanoTime();
    // Not every pair is a request the schema allows (idle busy): only the answer is checked.
    Exchange response =
        api.withTimeout(Duration.ofSeconds(30))
            .sendInvalid(
                "PUT",
                "/api/v1/agents/me/availability",
                ApiTestClient.headers(agent.basic(), "application/json"),
                "{\"status\":\"" + requested.wire() + "\",\"source\":\"" + source.wire() + "\"}");
    long received = System.nanoTime();
    Version answered = response.status() == 200 ? version(response.json().path("data")) : null;
    return new Call(requested, source, response.status(), answered, sent, received);
  }

  @Test
  void aUserAwayRacingIdleAvailableAlwaysEndsAwayManual() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(9);
    try {
      for (int round = 0; round < 40; round++) {
        TestAgent agent = agents.create();
        agents.setStatus(agent, AvailabilityStatus.AWAY);
        Version initial = version(api.getMe(agent.basic()).json().path("data"));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Call>> answers = new ArrayList<>();
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return call(agent, RequestedStatus.AWAY, Source.USER);
                }));
        for (int i = 0; i < 8; i++) {
          answers.add(
              pool.submit(
                  () -> {
                    start.await();
                    return call(agent, RequestedStatus.AVAILABLE, Source.IDLE);
                  }));
        }
        start.countDown();
        List<Call> calls = new ArrayList<>();
        for (Future<Call> answer : answers) {
          calls.add(answer.get(60, TimeUnit.SECONDS));
        }
        Version last = version(api.getMe(agent.basic()).json().path("data"));
        assertThat(last.status())
            .as("round %d: %s", round, calls)
            .isEqualTo(AvailabilityStatus.AWAY_MANUAL);
        assertThat(historyProblems(initial, calls, last)).as("round %d", round).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Random user and idle requests from 16 clients on 12 agents that start in each of the six
   * statuses; then each agent's answers are checked against one history of its row that explains
   * them all. Each write gives the row a new {@code updated_at}, in the order of the writes (the
   * status service's one writer thread takes it for each write in turn, the retry under a row's
   * lock included; this test caught the retry taking it on another thread), so the versions that
   * the answers and the final read show, in that order, are the row's history. Then:
   *
   * <ul>
   *   <li>each version after the first was written by a request answered with it whose rule writes
   *       that status over the version before (an idle one never over busy, away_manual or
   *       away_and_reassigning), sent before any other answer showing that version came back;
   *   <li>every other answer showing a version is a request that writes nothing over it: the same
   *       status again, or an idle change over a manual status; an idle answer is thus what the
   *       rules give from the status it found, never merely its target;
   *   <li>no answer shows a version older than one acknowledged before its request was sent;
   *   <li>the final read shows the last version; a 400 is an idle change to a manual status, and
   *       every such request is a 400.
   * </ul>
   */
  @Test
  void manyClientsOnManyAgentsNeverBreakTheRules() throws Exception {
    List<TestAgent> crowd = new ArrayList<>();
    Map<TestAgent, Version> initial = new HashMap<>();
    for (int i = 0; i < 12; i++) {
      TestAgent agent = agents.create();
      agents.setStatus(agent, AvailabilityStatus.values()[i % AvailabilityStatus.values().length]);
      crowd.add(agent);
      initial.put(agent, version(api.getMe(agent.basic()).json().path("data")));
    }
    Map<TestAgent, List<Call>> calls = new ConcurrentHashMap<>();
    crowd.forEach(
        agent -> calls.put(agent, java.util.Collections.synchronizedList(new ArrayList<>())));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> work = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      for (int t = 0; t < 16; t++) {
        long seed = t;
        work.add(
            pool.submit(
                () -> {
                  Random random = new Random(seed);
                  start.await();
                  for (int i = 0; i < 60; i++) {
                    TestAgent agent = crowd.get(random.nextInt(crowd.size()));
                    RequestedStatus requested =
                        RequestedStatus.values()[random.nextInt(RequestedStatus.values().length)];
                    Source source = random.nextBoolean() ? Source.USER : Source.IDLE;
                    calls.get(agent).add(call(agent, requested, source));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : work) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<String> broken = new ArrayList<>();
    int answered = 0;
    for (TestAgent agent : crowd) {
      List<Call> mine = List.copyOf(calls.get(agent));
      answered += mine.size();
      Version last = version(api.getMe(agent.basic()).json().path("data"));
      broken.addAll(
          historyProblems(initial.get(agent), mine, last).stream()
              .map(problem -> "agent " + agent.id() + ": " + problem)
              .toList());
    }
    assertThat(broken).isEmpty();
    assertThat(answered).isEqualTo(16 * 60);
  }

  /** What no history of the row explains in {@code calls}, from {@code first} to {@code last}. */
  static List<String> historyProblems(Version first, List<Call> calls, Version last) {
    List<String> problems = new ArrayList<>();
    TreeMap<Instant, AvailabilityStatus> history = new TreeMap<>();
    Map<Version, List<Call>> showing = new HashMap<>();
    history.put(first.updatedAt(), first.status());
    for (Call call : calls) {
      boolean rejected = rejected(call.requested(), call.source());
      if (call.status() != (rejected ? 400 : 200)) {
        problems.add(call + ": expected " + (rejected ? 400 : 200));
        continue;
      }
      if (rejected) {
        continue;
      }
      AvailabilityStatus before =
          history.putIfAbsent(call.answered().updatedAt(), call.answered().status());
      if (before != null && before != call.answered().status()) {
        problems.add(call + ": another answer shows " + before + " at the same updated_at");
      }
      showing.computeIfAbsent(call.answered(), v -> new ArrayList<>()).add(call);
    }
    if (!history.firstKey().equals(first.updatedAt())) {
      problems.add(
          "an answer shows a version older than the agent's first "
              + first
              + ": "
              + history.firstEntry());
    }
    if (!new Version(history.lastEntry().getValue(), history.lastKey()).equals(last)) {
      problems.add(
          "the final read shows "
              + last
              + ", not the last version answered: "
              + history.lastEntry());
    }
    List<Version> versions =
        history.entrySet().stream().map(e -> new Version(e.getValue(), e.getKey())).toList();
    // From when a later version than the i-th was surely there: the first answer showing one came
    // back.
    long[] laterSeen = new long[versions.size()];
    long seen = Long.MAX_VALUE;
    for (int i = versions.size() - 1; i >= 0; i--) {
      laterSeen[i] = seen;
      seen = Math.min(seen, firstBack(showing.getOrDefault(versions.get(i), List.of()), null));
    }
    for (int i = 0; i < versions.size(); i++) {
      Version version = versions.get(i);
      List<Call> shown = showing.getOrDefault(version, List.of());
      for (Call call : shown) {
        // A request that would write over this status cannot have found it and left it (nor written
        // it).
        if (writesOver(call.requested(), call.source(), version.status())) {
          problems.add(call + ": answered with " + version + ", over which it writes");
        }
        if (call.sent() > laterSeen[i]) {
          problems.add(
              call
                  + ": answered with "
                  + version
                  + ", sent after a later version was acknowledged");
        }
      }
      if (i == 0) {
        continue;
      }
      AvailabilityStatus previous = versions.get(i - 1).status();
      // The writer was answered with what it wrote, and sent before any other answer showing it
      // came back.
      boolean written =
          shown.stream()
              .anyMatch(
                  call ->
                      writesOver(call.requested(), call.source(), previous)
                          && rule(previous, call.requested(), call.source())
                              .result()
                              .equals(version.status().wire())
                          && call.sent() < firstBack(shown, call));
      if (!written) {
        problems.add(
            version
                + " follows "
                + previous
                + ", but no request answered with it writes it over "
                + previous
                + " by the rules (or was sent in time): "
                + shown);
      }
    }
    return problems;
  }

  /** When the first of {@code calls} other than {@code except} came back. */
  private static long firstBack(List<Call> calls, Call except) {
    return calls.stream()
        .filter(call -> call != except)
        .mapToLong(Call::received)
        .min()
        .orElse(Long.MAX_VALUE);
  }
}
