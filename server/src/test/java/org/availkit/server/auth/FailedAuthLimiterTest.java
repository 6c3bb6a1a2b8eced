package org.availkit.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailedAuthLimiterTest {

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    long millis = 1_000_000_000_000L;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }

  @Test
  void limitsAnAddressPastTheLimitUntilTheWindowEnds() {
    ManualClock clock = new ManualClock();
    FailedAuthLimiter limiter = new FailedAuthLimiter(2, 60_000, 100, clock);
    assertThat(limiter.recordFailure("10.0.0.1", null)).isEmpty();
    assertThat(limiter.recordFailure("10.0.0.1", null)).isEmpty();
    assertThat(limiter.recordFailure("10.0.0.1", null)).isPresent();
    assertThat(limiter.recordFailure("10.0.0.2", null)).as("another address").isEmpty();

    clock.millis += 60_000;
    assertThat(limiter.recordFailure("10.0.0.1", null)).as("a new window").isEmpty();
  }

  @Test
  void limitsAKeyTriedFromManyAddresses() {
    FailedAuthLimiter limiter = new FailedAuthLimiter(2, 60_000, 100, new ManualClock());
    assertThat(limiter.recordFailure("10.0.0.1", "ak_target")).isEmpty();
    assertThat(limiter.recordFailure("10.0.0.2", "ak_target")).isEmpty();
    assertThat(limiter.recordFailure("10.0.0.3", "ak_target")).isPresent();
    assertThat(limiter.recordFailure("10.0.0.4", "ak_other")).as("another key").isEmpty();
  }

  @Test
  void failuresAddUpAsTimePassesWithinAWindow() {
    ManualClock clock = new ManualClock();
    clock.millis = 60_000 * 1000;
    FailedAuthLimiter limiter = new FailedAuthLimiter(1, 60_000, 100, clock);
    assertThat(limiter.recordFailure("10.0.0.1", null)).isEmpty();
    clock.millis += 59_999;
    assertThat(limiter.recordFailure("10.0.0.1", null)).hasValue(1);
    clock.millis += 1;
    assertThat(limiter.recordFailure("10.0.0.1", null)).as("the next window").isEmpty();
  }

  /**
   * Once the table is full, sources seen before it filled keep their own counts; only new ones
   * share.
   */
  @Test
  void aSourceTrackedBeforeTheBoundKeepsItsOwnCount() {
    FailedAuthLimiter limiter = new FailedAuthLimiter(2, 60_000, 2, new ManualClock());
    assertThat(limiter.recordFailure("10.0.0.1", null)).isEmpty();
    assertThat(limiter.recordFailure("10.0.0.2", null)).isEmpty();
    assertThat(limiter.recordFailure("10.0.0.3", null)).isEmpty();
    assertThat(limiter.recordFailure("10.0.0.4", null)).isEmpty();
    assertThat(limiter.recordFailure("10.0.0.1", null))
        .as("its second failure, not the shared bucket's third")
        .isEmpty();
    assertThat(limiter.recordFailure("10.0.0.5", null)).as("the shared bucket's third").isPresent();
  }

  @Test
  void retryAfterIsTheRestOfTheWindowInWholeSeconds() {
    ManualClock clock = new ManualClock();
    clock.millis = 120_000 + 15_500;
    FailedAuthLimiter limiter = new FailedAuthLimiter(0, 60_000, 100, clock);
    assertThat(limiter.recordFailure("10.0.0.1", null)).hasValue(45);
  }

  @Test
  void sourcesPastTheTrackingBoundShareOneBucket() {
    FailedAuthLimiter limiter = new FailedAuthLimiter(3, 60_000, 2, new ManualClock());
    limiter.recordFailure("10.0.0.1", null);
    limiter.recordFailure("10.0.0.2", null);
    assertThat(limiter.recordFailure("10.0.0.3", null)).isEmpty();
    assertThat(limiter.recordFailure("10.0.0.4", null)).isEmpty();
    assertThat(limiter.recordFailure("10.0.0.5", null)).isEmpty();
    assertThat(limiter.recordFailure("10.0.0.6", null)).as("the shared bucket is full").isPresent();
  }
}
