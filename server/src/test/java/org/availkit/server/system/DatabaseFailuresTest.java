package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

class DatabaseFailuresTest {

  @ParameterizedTest
  @ValueSource(strings = {"08001", "08006", "08003", "57P01", "57P02", "57P03"})
  void aConnectionFailureStateIsAnOutage(String state) {
    assertThat(DatabaseFailures.isOutage(new SQLException("gone", state))).isTrue();
    assertThat(
            DatabaseFailures.isOutage(
                new CannotGetJdbcConnectionException("no", new SQLException("gone", state))))
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"23505", "40001", "42P01", "22001", "57014", "53300"})
  void anyOtherStateIsNot(String state) {
    assertThat(DatabaseFailures.isOutage(new SQLException("bug", state))).isFalse();
    assertThat(
            DatabaseFailures.isOutage(
                new DataIntegrityViolationException("bug", new SQLException("bug", state))))
        .isFalse();
  }

  /** HikariCP's time-out on a pool that is only busy carries no state and no cause. */
  @Test
  void aPoolThatIsOnlyBusyIsNot() {
    assertThat(
            DatabaseFailures.isOutage(
                new SQLTransientConnectionException("Connection is not available")))
        .isFalse();
    assertThat(DatabaseFailures.isOutage(new SQLException("no state"))).isFalse();
  }

  /** The pool's own time-out, once this class has named it busy, whatever its cause says. */
  @Test
  void aBusyPoolIsNot() {
    assertThat(
            DatabaseFailures.isOutage(
                new DatabaseAvailability.BusyException(
                    new SQLTransientConnectionException("timed out", "08001"))))
        .isFalse();
  }

  @Test
  void theDriversSocketFailuresAreOutages() {
    for (IOException socket :
        new IOException[] {
          new SocketTimeoutException("Read timed out"),
          new ConnectException("refused"),
          new EOFException(),
          new SocketException("reset")
        }) {
      assertThat(DatabaseFailures.isOutage(new SQLException("I/O", null, socket)))
          .as("%s", socket)
          .isTrue();
    }
  }

  /** A broken pipe to the client as the answer goes out is not the database's. */
  @Test
  void aSocketFailureOutsideTheDriverIsNot() {
    assertThat(DatabaseFailures.isOutage(new IOException(new SocketException("Broken pipe"))))
        .isFalse();
    assertThat(DatabaseFailures.isOutage(new SocketTimeoutException())).isFalse();
  }

  @Test
  void theBreakersOwnRefusalIsAnOutage() {
    var outage = new DatabaseAvailability.Outage(Instant.EPOCH, "stopped");
    assertThat(
            DatabaseFailures.isOutage(
                new CannotCreateTransactionException(
                    "no", new DatabaseAvailability.UnavailableException(outage, null))))
        .isTrue();
  }

  @Test
  void aFailedRollbackNamesTheCommitsFailure() {
    TransactionSystemException rollback =
        new TransactionSystemException(
            "JDBC rollback failed", new SQLException("Connection is closed"));
    assertThat(DatabaseFailures.isOutage(rollback)).isFalse();
    rollback.initApplicationException(new SQLException("I/O", "08006"));
    assertThat(DatabaseFailures.isOutage(rollback)).isTrue();
  }

  @Test
  void fromDatabaseIsAnyDriverOrDataAccessFailure() {
    assertThat(DatabaseFailures.fromDatabase(new SQLException("x"))).isTrue();
    assertThat(DatabaseFailures.fromDatabase(new DataIntegrityViolationException("x"))).isTrue();
    assertThat(
            DatabaseFailures.fromDatabase(
                new TransactionSystemException("x", new IllegalStateException())))
        .isTrue();
    assertThat(DatabaseFailures.fromDatabase(new IllegalStateException(new IOException())))
        .isFalse();
  }

  @Test
  void describeNamesTheInnermostCause() {
    assertThat(
            DatabaseFailures.describe(
                new CannotGetJdbcConnectionException(
                    "outer", new SQLException("middle", "08001", new ConnectException("refused")))))
        .isEqualTo("ConnectException: refused");
    assertThat(DatabaseFailures.describe(new EOFException())).isEqualTo("EOFException");
  }
}
