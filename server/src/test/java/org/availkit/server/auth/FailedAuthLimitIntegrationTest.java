package org.availkit.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.availkit.server.ApiIntegrationTest;
import org.availkit.server.TestAgents.TestAgent;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * Past the limit of failed authentications, 429 with Retry-After; the right secret still gets in.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"availkit.auth-failures.max-per-window=3", "availkit.auth-failures.window=1h"})
class FailedAuthLimitIntegrationTest extends ApiIntegrationTest {

  @LocalManagementPort int managementPort;

  @Test
  void repeatedFailuresAreLimitedWithoutLockingOutTheOwner() {
    TestAgent agent = agents.create();
    String wrong = ApiTestClient.basic(agent.key(), "as_guess");
    for (int i = 0; i < 3; i++) {
      assertThat(api.put(wrong, "{\"status\":\"away\"}").status()).isEqualTo(401);
    }
    Exchange limited = api.put(wrong, "{\"status\":\"away\"}");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.errorType()).isEqualTo("RateLimitException");
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 3600L);

    Exchange owner = api.put(agent.basic(), "{\"status\":\"available\"}");
    assertThat(owner.status()).isEqualTo(200);
    assertThat(owner.json().path("data").path("availability_status").asText()).isEqualTo("online");
  }

  /**
   * Credentials are read on the API only: a scraper that sends its own (Prometheus' basic_auth) to
   * the management port, which shares this security chain, or a page request with a stray header,
   * is neither refused nor counted towards the limit.
   */
  @Test
  void credentialsOutsideTheApiAreNotReadOrCounted() {
    ApiTestClient management = new ApiTestClient(managementPort);
    for (int i = 0; i < 5; i++) {
      Exchange scrape =
          management.raw(
              "GET",
              "/actuator/health/readiness",
              ApiTestClient.headers(ApiTestClient.basic("prometheus", "scrape-secret"), null),
              null);
      assertThat(scrape.status()).as("scrape %d", i).isEqualTo(200);
      assertThat(
              api.raw(
                      "GET",
                      "/swagger-ui/index.html",
                      ApiTestClient.headers("Basic not-base64!", null),
                      null)
                  .status())
          .isEqualTo(200);
    }
  }
}
