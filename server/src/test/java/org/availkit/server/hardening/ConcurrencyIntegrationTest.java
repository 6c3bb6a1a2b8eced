package org.availkit.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.availkit.contract.AvailabilityRules;
import org.availkit.contract.AvailabilityRules.Transition;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.contract.RequestedStatus;
import org.availkit.contract.Source;
import org.availkit.server.ApiIntegrationTest;
import org.availkit.server.TestAgents.TestAgent;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Many clients on many agents at once, with user and idle updates mixed: no 5xx, no deadlock (every
 * request answers within its timeout), and the idle rule never broken, on whichever database the
 * suite runs (H2 by default, PostgreSQL with -Ppostgres).
 */
class ConcurrencyIntegrationTest extends ApiIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  record Answer(int status, String availability) {}

  private Answer put(TestAgent agent, RequestedStatus status, Source source) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/agents/me/availability"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", agent.basic())
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(
                "{\"status\":\"" + status.wire() + "\",\"source\":\"" + source.wire() + "\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(response.body());
    return new Answer(response.statusCode(), body.path("data").path("availability_status").asText(null));
  }

  private String statusOf(TestAgent agent) {
    return api.getMe(agent.basic()).json().path("data").path("availability_status").asText();
  }

  @Test
  void aUserAwayRacingIdleAvailableAlwaysEndsAwayManual() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(9);
    try {
      for (int round = 0; round < 40; round++) {
        TestAgent agent = agents.create();
        agents.setStatus(agent, AvailabilityStatus.AWAY);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Answer>> answers = new ArrayList<>();
        answers.add(pool.submit(() -> {
          start.await();
          return put(agent, RequestedStatus.AWAY, Source.USER);
        }));
        for (int i = 0; i < 8; i++) {
          answers.add(pool.submit(() -> {
            start.await();
            return put(agent, RequestedStatus.AVAILABLE, Source.IDLE);
          }));
        }
        start.countDown();
        for (Future<Answer> answer : answers) {
          assertThat(answer.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        assertThat(statusOf(agent)).as("round %d", round).isEqualTo("away_manual");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void manyClientsOnManyAgentsNeverBreakTheRules() throws Exception {
    List<TestAgent> crowd = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      crowd.add(agents.create());
    }
    Map<String, Integer> statuses = new ConcurrentHashMap<>();
    List<String> broken = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        long seed = t;
        work.add(pool.submit(() -> {
          Random random = new Random(seed);
          for (int i = 0; i < 60; i++) {
            TestAgent agent = crowd.get(random.nextInt(crowd.size()));
            RequestedStatus requested = RequestedStatus.values()[random.nextInt(RequestedStatus.values().length)];
            Source source = random.nextBoolean() ? Source.USER : Source.IDLE;
            Answer answer = put(agent, requested, source);
            statuses.merge(Integer.toString(answer.status()), 1, Integer::sum);
            if (AvailabilityRules.decide(requested, source) instanceof Transition transition) {
              // A user change always lands on its target; an idle one lands on its target or leaves a manual status.
              boolean allowed = answer.status() == 200 && (answer.availability().equals(transition.target().wire())
                  || (source == Source.IDLE && AvailabilityStatus.fromWire(answer.availability()).isManual()));
              if (!allowed) {
                broken.add(requested + "/" + source + " -> " + answer);
              }
            } else if (answer.status() != 400) {
              broken.add(requested + "/" + source + " -> " + answer);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : work) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(broken).isEmpty();
    assertThat(statuses.keySet()).allMatch(s -> s.equals("200") || s.equals("400"));
    assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(16 * 60);
  }
}
