package org.availkit.server.system;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The breaker in front of a database on the network: whether the server knows it to be out of
 * reach. A failure that {@link DatabaseFailures} names an outage opens it, wherever it happens (a
 * request's statement, the pool, {@link DatabaseProbe}'s heartbeat); while it is open every request
 * for a connection fails at once with {@link UnavailableException}, answered as the catalogue's 503
 * {@code databaseUnavailable}, instead of waiting for a connection that cannot come. Only {@link
 * DatabaseProbe} closes it, once a connection of its own has been answered.
 *
 * <p>Why fail fast: with 8 request threads, a few requests waiting on the pool for the database had
 * blocked every request, the health endpoint's included, and a write whose client had given up was
 * applied once the database came back (issue 17).
 */
public final class DatabaseAvailability {

  private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);

  /** Since when, and why, the database is out of reach. */
  public record Outage(Instant since, String cause) {}

  /** A connection refused because the database is known to be out of reach. */
  public static final class UnavailableException extends SQLTransientConnectionException {
    UnavailableException(Outage outage, Throwable cause) {
      // 08001: "SQL client unable to establish SQL connection", as pgjdbc reports a refusal.
      super(
          "The database is out of reach since " + outage.since() + ": " + outage.cause(), "08001");
      if (cause != null) {
        initCause(cause);
      }
    }
  }

  /**
   * No connection came within the pool's connection timeout, and nothing says the database is out
   * of reach: the pool is busy, or a connection is being made to a database that has not answered
   * yet. Answered 503 (try again) without opening the breaker; {@link DatabaseProbe} finds out
   * which it is.
   */
  public static final class BusyException extends SQLTransientConnectionException {
    BusyException(SQLException cause) {
      super("No database connection came in time: " + cause.getMessage(), cause);
    }
  }

  private final AtomicReference<Outage> outage = new AtomicReference<>();
  private final Object changes = new Object();
  private final Clock clock;
  private final boolean watching;

  /** A breaker for a database on the network. */
  public DatabaseAvailability(Clock clock) {
    this(clock, true);
  }

  /**
   * @param watching false for the embedded database, which is in this process: nothing opens the
   *     breaker (there is no probe to close it), and {@link #report} answers false
   */
  DatabaseAvailability(Clock clock, boolean watching) {
    this.clock = clock;
    this.watching = watching;
  }

  public Optional<Outage> outage() {
    return Optional.ofNullable(outage.get());
  }

  public boolean isDown() {
    return outage.get() != null;
  }

  /** Throws {@link UnavailableException} while the database is known to be out of reach. */
  void check() throws UnavailableException {
    Outage current = outage.get();
    if (current != null) {
      throw new UnavailableException(current, null);
    }
  }

  /** A refusal naming the outage under way (or this failure, if there is none any more). */
  UnavailableException unavailable(Throwable cause) {
    Outage current = outage.get();
    return new UnavailableException(
        current != null ? current : new Outage(clock.instant(), DatabaseFailures.describe(cause)),
        cause);
  }

  /**
   * Whether {@code failure} is the database being out of reach (then the breaker is open, if it was
   * not already), or any database failure while it is open: the caller answers 503 rather than 500.
   */
  public boolean report(Throwable failure) {
    if (!watching) {
      return false;
    }
    if (!DatabaseFailures.isOutage(failure)) {
      return (isDown() && DatabaseFailures.fromDatabase(failure)) || busy(failure);
    }
    markDown(DatabaseFailures.describe(failure));
    return true;
  }

  private static boolean busy(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
      if (t instanceof BusyException) {
        return true;
      }
    }
    return false;
  }

  void markDown(String cause) {
    Outage opened = new Outage(clock.instant(), cause);
    if (outage.compareAndSet(null, opened)) {
      log.warn("The database is out of reach ({}): answering 503 until it is back", cause);
      synchronized (changes) {
        changes.notifyAll();
      }
    }
  }

  void markUp() {
    Outage closed = outage.getAndSet(null);
    if (closed != null) {
      log.info(
          "The database is back after {} ms",
          Duration.between(closed.since(), clock.instant()).toMillis());
    }
  }

  /** Waits up to {@code timeout} for the breaker to open; returns whether it is open. */
  boolean awaitDown(Duration timeout) throws InterruptedException {
    synchronized (changes) {
      if (!isDown()) {
        changes.wait(Math.max(1, timeout.toMillis()));
      }
    }
    return isDown();
  }
}
