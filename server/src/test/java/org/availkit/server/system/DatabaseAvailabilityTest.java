package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DatabaseAvailabilityTest {

  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private final DatabaseAvailability availability =
      new DatabaseAvailability(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void upUntilAnOutageIsReported() throws Exception {
    assertThat(availability.isDown()).isFalse();
    assertThat(availability.outage()).isEmpty();
    availability.check();
    assertThat(availability.report(new SQLException("duplicate", "23505"))).isFalse();
    assertThat(availability.isDown()).isFalse();
  }

  @Test
  void anOutageOpensTheBreakerUntilMarkedUp() {
    assertThat(availability.report(new SQLException("refused", "08001"))).isTrue();
    assertThat(availability.outage())
        .hasValue(new DatabaseAvailability.Outage(NOW, "SQLException: refused"));
    assertThatThrownBy(availability::check)
        .isInstanceOf(DatabaseAvailability.UnavailableException.class)
        .hasMessageContaining("refused")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
    // While it is open, any failure of the database is the outage's.
    assertThat(availability.report(new SQLException("Connection is closed"))).isTrue();
    assertThat(availability.report(new IllegalStateException("a bug"))).isFalse();
    availability.markUp();
    assertThat(availability.isDown()).isFalse();
    assertThat(availability.report(new SQLException("Connection is closed"))).isFalse();
  }

  /** A busy pool is answered 503, but the breaker stays closed. */
  @Test
  void aBusyPoolIsReportedWithoutOpeningTheBreaker() {
    assertThat(
            availability.report(
                new IllegalStateException(
                    new DatabaseAvailability.BusyException(new SQLException("timed out")))))
        .isTrue();
    assertThat(availability.isDown()).isFalse();
  }

  /** The embedded database's breaker: nothing opens it, nothing is answered as an outage. */
  @Test
  void anUnwatchedDatabaseIsNeverReported() {
    DatabaseAvailability embedded = new DatabaseAvailability(Clock.systemUTC(), false);
    assertThat(embedded.report(new SQLException("refused", "08001"))).isFalse();
    assertThat(embedded.isDown()).isFalse();
  }

  /** The first cause is kept: the outage began then, for that reason. */
  @Test
  void theFirstReportNamesTheOutage() {
    availability.markDown("first");
    availability.markDown("second");
    assertThat(availability.outage().orElseThrow().cause()).isEqualTo("first");
    assertThat(availability.unavailable(new SQLException("later")).getMessage()).contains("first");
    assertThat(availability.unavailable(new SQLException("later")).getCause()).hasMessage("later");
  }

  @Test
  void awaitDownWakesWhenTheBreakerOpens() throws Exception {
    assertThat(availability.awaitDown(Duration.ofMillis(1))).isFalse();
    Thread opener =
        new Thread(
            () -> {
              try {
                Thread.sleep(50);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              availability.markDown("stopped");
            });
    opener.start();
    // Woken by the report, long before the minute is up (no time is asserted).
    assertThat(availability.awaitDown(Duration.ofMinutes(1))).isTrue();
    opener.join();
  }
}
