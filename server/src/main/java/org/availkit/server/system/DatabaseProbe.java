package org.availkit.server.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;

/**
 * Watches a database on the network, in a thread of its own, and runs {@link
 * DatabaseAvailability}'s breaker:
 *
 * <ul>
 *   <li>while the database is up, a heartbeat every second (a pooled connection asked {@code
 *       isValid}), so that an outage is known within about a second even with no request;
 *   <li>once it is out of reach: readiness goes to REFUSING_TRAFFIC (a load balancer sends the
 *       requests to another instance), the pool is suspended, and a connection of the probe's own
 *       is tried every {@link #RETRY}; the first one that is answered resumes the pool, closes the
 *       breaker and sets readiness back to ACCEPTING_TRAFFIC.
 * </ul>
 *
 * <p>Liveness is left alone: a server whose database is away is not broken, and restarting it would
 * not bring the database back.
 */
final class DatabaseProbe extends ProbeThread {

  private static final Logger log = LoggerFactory.getLogger(DatabaseProbe.class);

  static final Duration HEARTBEAT = Duration.ofSeconds(1);
  static final Duration RETRY = Duration.ofMillis(100);

  /**
   * A silent database fails a statement after this long: well inside the 2 s a request must be
   * answered in, well above what a single-row statement takes.
   */
  static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(1);

  /**
   * The probe's own connection gives up after a second, whatever the pool's settings (pgjdbc's
   * connectTimeout, loginTimeout and socketTimeout, in seconds: its "Connection Parameters").
   */
  private static final Properties PROBE_CONNECTION = new Properties();

  static {
    PROBE_CONNECTION.setProperty("connectTimeout", "1");
    PROBE_CONNECTION.setProperty("loginTimeout", "1");
    PROBE_CONNECTION.setProperty("socketTimeout", "1");
  }

  private final FailFastDataSource pool;
  private final DatabaseAvailability availability;
  private final ApplicationEventPublisher events;
  private volatile boolean refusing;

  DatabaseProbe(
      FailFastDataSource pool,
      DatabaseAvailability availability,
      ApplicationEventPublisher events) {
    super("database-probe");
    this.pool = pool;
    this.availability = availability;
    this.events = events;
  }

  @Override
  public void start() {
    pool.arm(NETWORK_TIMEOUT);
    super.start();
  }

  @Override
  void probe() throws InterruptedException {
    while (probing()) {
      try {
        if (availability.awaitDown(HEARTBEAT) || !heartbeat()) {
          outage();
        }
      } catch (RuntimeException e) {
        // Whatever went wrong, the probe goes on: it alone closes the breaker.
        log.warn("The database probe failed; trying again", e);
        Thread.sleep(RETRY.toMillis());
      }
    }
  }

  /** Whether the database answered a pooled connection, or, failing that, one of the probe's. */
  private boolean heartbeat() {
    try (Connection connection = pool.pooled()) {
      if (connection.isValid((int) NETWORK_TIMEOUT.toSeconds())) {
        return true;
      }
    } catch (SQLException e) {
      if (availability.report(e) && availability.isDown()) {
        return false;
      }
      // A pool time-out with nothing behind it: every connection busy, or one being made to a
      // database that has not answered. A connection of the probe's own tells which.
    }
    try (Connection connection = pool.direct(PROBE_CONNECTION)) {
      if (connection.isValid((int) NETWORK_TIMEOUT.toSeconds())) {
        return true;
      }
      availability.markDown("the database did not answer within " + NETWORK_TIMEOUT);
    } catch (SQLException e) {
      availability.markDown(DatabaseFailures.describe(e));
    }
    return false;
  }

  /**
   * Spring Boot publishes ACCEPTING_TRAFFIC once the application is ready, after this probe has
   * started: an outage found before then is published again.
   */
  @EventListener(ApplicationReadyEvent.class)
  void ready() {
    if (availability.isDown() && refusing) {
      AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
    }
  }

  private void outage() throws InterruptedException {
    refuse();
    pool.suspend();
    while (probing()) {
      try (Connection connection = pool.direct(PROBE_CONNECTION)) {
        if (connection.isValid((int) NETWORK_TIMEOUT.toSeconds())) {
          pool.resume();
          availability.markUp();
          accept();
          return;
        }
      } catch (SQLException | RuntimeException e) {
        log.debug("The database is still out of reach: {}", DatabaseFailures.describe(e));
      }
      Thread.sleep(RETRY.toMillis());
    }
  }

  private void refuse() {
    if (!refusing) {
      refusing = true;
      AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
    }
  }

  private void accept() {
    if (refusing && isRunning()) {
      refusing = false;
      AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
    }
  }
}
