package org.availkit.server.system;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.SQLExceptionOverride;
import com.zaxxer.hikari.util.DriverDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * HikariCP's pool with {@link DatabaseAvailability}'s breaker in front of it, for a database on the
 * network.
 *
 * <ul>
 *   <li>While the breaker is open, {@link #getConnection()} fails at once instead of waiting the
 *       pool's connection timeout for a connection that cannot come.
 *   <li>Every SQL failure of a pooled connection is shown to the breaker (HikariCP passes each one
 *       to its {@link SQLExceptionOverride} before deciding whether to evict the connection), so
 *       that an outage met by one statement stops the requests queued behind it too.
 *   <li>Once {@link #arm armed} (by {@link DatabaseProbe}, when the web server starts), a borrowed
 *       connection gets a network timeout: a statement on a database that went silent (a cut
 *       network, a frozen host) fails after it instead of waiting for TCP to give up, minutes
 *       later. Not during start-up, where the migrations may run long statements, nor in the
 *       command line.
 *   <li>{@link #suspend()} and {@link #resume()}: while the database is out of reach the pool stops
 *       trying to connect. HikariCP's connection filler backs off up to 5 s between attempts
 *       (HikariPool.PoolEntryCreator), which would delay the first connection after the database
 *       returns by as much; a suspended pool makes no attempts, and resuming it fills it at once.
 * </ul>
 *
 * <p>A subclass rather than a wrapper, so that Spring Boot's HikariCP support (its properties, its
 * metrics, {@code unwrap(HikariDataSource.class)} elsewhere here) applies unchanged.
 */
public class FailFastDataSource extends HikariDataSource {

  /** pgjdbc does not use the executor of {@link Connection#setNetworkTimeout}; it must be given. */
  private static final Executor DIRECT = Runnable::run;

  static {
    // A request that passes the breaker as the pool is being suspended fails instead of waiting
    // for the resume (HikariCP's SuspendResumeLock reads this property on every acquisition).
    if (System.getProperty("com.zaxxer.hikari.throwIfSuspended") == null) {
      System.setProperty("com.zaxxer.hikari.throwIfSuspended", "true");
    }
  }

  private DatabaseAvailability availability;
  private volatile int networkTimeoutMillis;

  /** Puts the breaker in front of the pool; before it is started. */
  void guard(DatabaseAvailability availability) {
    this.availability = availability;
    setAllowPoolSuspension(true);
    setExceptionOverride(
        new SQLExceptionOverride() {
          @java.lang.Override
          public SQLExceptionOverride.Override adjudicate(SQLException e) {
            availability.report(e);
            // HikariCP's own rules then decide whether to evict the connection.
            return SQLExceptionOverride.Override.CONTINUE_EVICT;
          }
        });
  }

  /** From now on, a borrowed connection's statements fail after {@code timeout} of silence. */
  void arm(Duration timeout) {
    networkTimeoutMillis = Math.toIntExact(timeout.toMillis());
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (availability == null) {
      return super.getConnection();
    }
    availability.check();
    Connection connection;
    try {
      connection = super.getConnection();
    } catch (SQLException e) {
      // Refused by a pool being suspended, or failed to connect: the outage is the answer.
      if (availability.report(e) || availability.isDown()) {
        throw availability.unavailable(e);
      }
      if (e instanceof SQLTransientConnectionException) {
        // HikariCP's time-out, with no failure to connect behind it (yet).
        throw new DatabaseAvailability.BusyException(e);
      }
      throw e;
    }
    int timeout = networkTimeoutMillis;
    if (timeout > 0) {
      try {
        // HikariCP restores the connection's own network timeout when it is returned.
        connection.setNetworkTimeout(DIRECT, timeout);
      } catch (SQLException e) {
        connection.close();
        availability.report(e);
        throw e;
      }
    }
    return connection;
  }

  /** A connection of the pool past the breaker: the heartbeat's. */
  Connection pooled() throws SQLException {
    return super.getConnection();
  }

  /**
   * A connection outside the pool (the probe's while the pool is suspended), with {@code
   * properties} added to the pool's own.
   */
  Connection direct(Properties properties) throws SQLException {
    Properties all = new Properties();
    all.putAll(getDataSourceProperties());
    all.putAll(properties);
    return new DriverDataSource(
            getJdbcUrl(), getDriverClassName(), all, getUsername(), getPassword())
        .getConnection();
  }

  void suspend() {
    HikariPoolMXBean pool = getHikariPoolMXBean();
    // spring.datasource.hikari.allow-pool-suspension=false, bound after guard(), keeps the pool
    // running: then it only retries with its back-off.
    if (pool != null && isAllowPoolSuspension()) {
      pool.suspendPool();
    }
  }

  /** Drops the connections opened before the outage, and lets the pool fill again. */
  void resume() {
    HikariPoolMXBean pool = getHikariPoolMXBean();
    if (pool != null) {
      pool.softEvictConnections();
      if (isAllowPoolSuspension()) {
        pool.resumePool();
      }
    }
  }
}
