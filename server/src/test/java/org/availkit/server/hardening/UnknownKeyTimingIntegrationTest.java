package org.availkit.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.server.ApiIntegrationTest;
import org.availkit.server.TestAgents.TestAgent;
import org.junit.jupiter.api.Test;

/**
 * An unknown key and a wrong secret cannot be told apart, in the body or in the time taken (so
 * that timing does not reveal which keys exist). This asserts no speed: it compares two samples
 * taken interleaved under the same load, and asks that their medians agree within a tolerance.
 */
class UnknownKeyTimingIntegrationTest extends ApiIntegrationTest {

  private static final int SAMPLES = 400;

  @Test
  void unknownKeyAndWrongSecretLookTheSame() throws Exception {
    TestAgent agent = agents.create();
    String wrongSecret = ApiTestClient.basic(agent.key(), "as_" + "x".repeat(43));
    String unknownKey = ApiTestClient.basic("ak_" + "y".repeat(24), "as_" + "x".repeat(43));
    HttpClient http = HttpClient.newHttpClient();

    assertThat(body(http, wrongSecret)).isEqualTo(body(http, unknownKey));
    for (int i = 0; i < 100; i++) { // warm both paths up
      time(http, wrongSecret);
      time(http, unknownKey);
    }
    long[] wrong = new long[SAMPLES];
    long[] unknown = new long[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      if (i % 2 == 0) {
        wrong[i] = time(http, wrongSecret);
        unknown[i] = time(http, unknownKey);
      } else {
        unknown[i] = time(http, unknownKey);
        wrong[i] = time(http, wrongSecret);
      }
    }
    long medianWrong = median(wrong);
    long medianUnknown = median(unknown);
    System.out.printf("median answer time: wrong secret %d µs, unknown key %d µs%n", medianWrong / 1000, medianUnknown / 1000);
    long tolerance = Math.max(1_000_000L, Math.max(medianWrong, medianUnknown) / 4);
    assertThat(Math.abs(medianWrong - medianUnknown))
        .as("median ns: wrong secret %d, unknown key %d", medianWrong, medianUnknown)
        .isLessThan(tolerance);
  }

  private String body(HttpClient http, String auth) throws Exception {
    HttpResponse<String> response = http.send(request(auth), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(401);
    return response.body();
  }

  private long time(HttpClient http, String auth) throws Exception {
    long start = System.nanoTime();
    http.send(request(auth), HttpResponse.BodyHandlers.discarding());
    return System.nanoTime() - start;
  }

  private HttpRequest request(String auth) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/agents/me")).header("Authorization", auth).build();
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
