package org.availkit.server.system;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Set;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure to reach the database (stopped, killed, unreachable, out of connections) from any
 * other failure of a statement. Only the first kind opens {@link DatabaseAvailability}'s breaker; a
 * constraint violation or a bad statement is a bug to report as a 500, not an outage.
 */
final class DatabaseFailures {

  /**
   * SQLSTATE classes and codes that mean the database cannot serve this connection: class 08
   * (connection exception), 57P01-57P03 (admin shutdown, crash shutdown, cannot connect now: the
   * server is starting or stopping). Not 53300 (too many connections): the database answers, and
   * the connections this pool holds still work; a request that cannot get one is answered 503
   * without opening the breaker ({@link DatabaseAvailability.BusyException}). PostgreSQL's
   * "Appendix A. PostgreSQL Error Codes"; pgjdbc's PSQLState reports its own I/O failures as 08006
   * and a refused connection as 08001.
   */
  private static final Set<String> OUTAGE_STATES = Set.of("57P01", "57P02", "57P03");

  private static final int MAX_DEPTH = 20;

  private DatabaseFailures() {}

  /** Whether {@code failure}, or one of its causes, is the database being out of reach. */
  static boolean isOutage(Throwable failure) {
    Throwable t = failure;
    boolean driver = false;
    for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
      if (t instanceof DatabaseAvailability.UnavailableException) {
        return true;
      }
      if (t instanceof DatabaseAvailability.BusyException) {
        return false; // the pool's time-out with no failure to connect behind it
      }
      // A commit that failed and whose rollback then failed too: Spring reports the rollback's
      // failure ("Connection is closed") and keeps the commit's, the one naming the outage, aside.
      if (t instanceof TransactionSystemException tx
          && tx.getApplicationException() != null
          && isOutage(tx.getApplicationException())) {
        return true;
      }
      if (t instanceof SQLException sql) {
        if (isOutageState(sql.getSQLState())) {
          return true;
        }
        driver = true;
      }
      // A socket's failure counts only under a driver's exception: the same exceptions from the
      // client's own connection (a broken pipe as the answer goes out) are not the database's.
      if (driver
          && (t instanceof SocketTimeoutException
              || t instanceof ConnectException
              || t instanceof NoRouteToHostException
              || t instanceof UnknownHostException
              || t instanceof EOFException
              || t instanceof SocketException)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code failure} comes from the database's driver or Spring's data access at all: while
   * the breaker is open, such a failure is the outage's too, whatever it says (a commit that broke
   * off, then its rollback on a connection HikariCP had already closed: Spring reports only the
   * rollback's "Connection is closed",
   * AbstractPlatformTransactionManager.doRollbackOnCommitException).
   */
  static boolean fromDatabase(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
      if (t instanceof SQLException
          || t instanceof DataAccessException
          || t instanceof TransactionException) {
        return true;
      }
    }
    return false;
  }

  static boolean isOutageState(String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || OUTAGE_STATES.contains(sqlState));
  }

  /** One line for the log and the health details: the innermost message, without a stack. */
  static String describe(Throwable failure) {
    Throwable innermost = failure;
    for (int depth = 0; innermost.getCause() != null && depth < MAX_DEPTH; depth++) {
      innermost = innermost.getCause();
    }
    String message = innermost.getMessage();
    return innermost.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
