package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;

/**
 * The breaker in front of a real pool (an in-memory H2 database stands in for one on the network)
 * and the probe that closes it.
 */
class FailFastDataSourceTest {

  private final DatabaseAvailability availability = new DatabaseAvailability(Clock.systemUTC());
  private final FailFastDataSource pool = new FailFastDataSource();
  private final List<Object> events = new CopyOnWriteArrayList<>();

  FailFastDataSourceTest() {
    pool.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    pool.setMaximumPoolSize(2);
    pool.guard(availability);
  }

  @AfterEach
  void close() {
    pool.close();
  }

  @Test
  void connectionsComeFromThePoolWhileTheBreakerIsClosed() throws Exception {
    try (Connection connection = pool.getConnection()) {
      assertThat(connection.isValid(1)).isTrue();
    }
    assertThat(pool.isAllowPoolSuspension()).isTrue();
  }

  @Test
  void whileTheBreakerIsOpenEveryRequestForAConnectionIsRefused() throws Exception {
    availability.markDown("stopped");
    assertThatThrownBy(pool::getConnection)
        .isInstanceOf(DatabaseAvailability.UnavailableException.class)
        .hasMessageContaining("stopped");
    // The heartbeat's connection goes past it.
    try (Connection connection = pool.pooled()) {
      assertThat(connection.isValid(1)).isTrue();
    }
    availability.markUp();
    try (Connection connection = pool.getConnection()) {
      assertThat(connection.isValid(1)).isTrue();
    }
  }

  /** A pool being suspended as the breaker opens refuses with the outage, not its own failure. */
  @Test
  void aSuspendedPoolRefusesWithTheOutage() throws Exception {
    pool.getConnection().close();
    availability.markDown("stopped");
    pool.suspend();
    availability.markUp();
    assertThatThrownBy(pool::getConnection)
        .isNotInstanceOf(DatabaseAvailability.UnavailableException.class);
    availability.markDown("stopped again");
    assertThatThrownBy(pool::getConnection)
        .isInstanceOf(DatabaseAvailability.UnavailableException.class);
    pool.resume();
    availability.markUp();
    try (Connection connection = pool.getConnection()) {
      assertThat(connection.isValid(1)).isTrue();
    }
  }

  /** Every connection lent: the pool's time-out is a busy pool, answered 503, breaker closed. */
  @Test
  void aBusyPoolIsNotAnOutage() throws Exception {
    pool.setConnectionTimeout(250);
    try (Connection first = pool.getConnection();
        Connection second = pool.getConnection()) {
      assertThatThrownBy(pool::getConnection)
          .isInstanceOf(DatabaseAvailability.BusyException.class);
    }
    assertThat(availability.isDown()).isFalse();
  }

  @Test
  void aFailureOfAPooledConnectionsStatementOpensTheBreaker() throws Exception {
    try (Connection connection = pool.getConnection()) {
      // HikariCP shows every SQL failure of a pooled connection to its exception override.
      assertThatThrownBy(() -> connection.createStatement().execute("SELECT * FROM nowhere"))
          .isInstanceOf(java.sql.SQLException.class);
    }
    assertThat(availability.isDown()).as("a missing table is not an outage").isFalse();
    try (Connection connection = pool.getConnection()) {
      assertThatThrownBy(
              () ->
                  connection
                      .createStatement()
                      .execute("CALL SIGNAL('08006', 'An I/O error occurred')"))
          .isInstanceOf(java.sql.SQLException.class);
    }
    assertThat(availability.isDown()).isTrue();
  }

  /**
   * The probe: once the breaker opens, readiness goes to REFUSING_TRAFFIC; its own connection is
   * answered, so it resumes the pool, closes the breaker and sets readiness back.
   */
  @Test
  void theProbeClosesTheBreakerOnceTheDatabaseAnswers() throws Exception {
    DatabaseProbe probe = new DatabaseProbe(pool, availability, events::add);
    probe.start();
    try {
      assertThat(probe.isRunning()).isTrue();
      availability.markDown("stopped");
      await().atMost(Duration.ofSeconds(30)).until(() -> !availability.isDown());
      await().atMost(Duration.ofSeconds(30)).until(() -> events.size() == 2);
      assertThat(events)
          .map(e -> (Object) ((AvailabilityChangeEvent<?>) e).getState())
          .containsExactly(ReadinessState.REFUSING_TRAFFIC, ReadinessState.ACCEPTING_TRAFFIC);
      try (Connection connection = pool.getConnection()) {
        assertThat(connection.isValid(1)).isTrue();
      }
    } finally {
      probe.stop();
    }
    assertThat(probe.isRunning()).isFalse();
  }
}
