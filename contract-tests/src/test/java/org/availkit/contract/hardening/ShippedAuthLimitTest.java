package org.availkit.contract.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.contract.ServerAndMock;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.availkit.contract.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * The gate's server with the failed-authentication limit it ships with ({@code application.yml}: 20
 * a minute per address and per key): the first twenty bad credentials get their 401, the next the
 * limiter's 429 with {@code Retry-After}, and the owner still gets in. {@link HostileInputTest}
 * runs its corpus without the limit, so that each bad credential's 401 is checked; this is where
 * the limit itself is.
 *
 * <p>The server's clock stands still (Spring's {@code @TestBean}, "Bean Overriding in Tests" in
 * Spring's reference: a static factory method replaces the {@code clock} bean, in a context of this
 * class's own, so the limiter starts from no failures), so the burst cannot straddle two of the
 * limiter's one-minute windows; the limit and the window are the shipped ones.
 */
class ShippedAuthLimitTest extends ServerAndMock {

  /** Thirty seconds into a minute: the window ends in 30 s. */
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:30Z");

  @TestBean Clock clock;

  static Clock clock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }

  /** A server of its own, so an H2 database of its own (as {@code HostileInputTest.database}). */
  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("availkit.gate.h2-url", () -> TestDatabase.h2Url("shipped-auth-limit"));
  }

  @Test
  void theTwentyFirstFailureInAMinuteIsAnswered429AndTheOwnerStillGetsIn() throws Exception {
    setBoth(AvailabilityStatus.BUSY);
    ApiTestClient api = new ApiTestClient(port);
    String wrong = ApiTestClient.basic(KEY, SECRET + "-wrong");
    for (int i = 1; i <= 20; i++) {
      Exchange refused = api.put(wrong, "{\"status\":\"away\"}");
      assertThat(refused.status()).as("failure %d", i).isEqualTo(401);
      assertThat(refused.errorType()).isEqualTo("UnauthorizedException");
    }
    Exchange limited = api.put(wrong, "{\"status\":\"away\"}");
    assertThat(limited.status()).as(limited.body()).isEqualTo(429);
    assertThat(limited.errorType()).isEqualTo("RateLimitException");
    assertThat(limited.header("Retry-After")).isEqualTo("30");
    // Another key from the same address is over the address's limit too.
    assertThat(api.put(ApiTestClient.basic("ak_other", SECRET), "{\"status\":\"away\"}").status())
        .isEqualTo(429);

    Exchange owner = api.put(ApiTestClient.basic(KEY, SECRET), "{\"status\":\"available\"}");
    assertThat(owner.status()).as(owner.body()).isEqualTo(200);
    assertThat(owner.json().path("data").path("availability_status").asText()).isEqualTo("online");
  }
}
