package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.h2.mvstore.MVStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddedStoreTest {

  @TempDir Path dir;

  @Test
  void writableWhileItsDirectoryTakesAWrite() throws Exception {
    EmbeddedStore store = EmbeddedStore.in(dir);
    assertThat(store.checkSpace()).isTrue();
    assertThat(store.writable()).isTrue();
    assertThat(store.problem()).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files).as("the probe's file is removed").isEmpty();
    }
  }

  /** A directory that cannot take the write (gone here; full or read-only in production). */
  @Test
  void notWritableUntilTheDirectoryTakesAWriteAgain() throws Exception {
    Path gone = dir.resolve("gone");
    EmbeddedStore store = EmbeddedStore.in(gone);
    assertThat(store.checkSpace()).isFalse();
    assertThat(store.writable()).isFalse();
    assertThat(store.problem()).hasValueSatisfying(p -> assertThat(p).contains(gone.toString()));
    Files.createDirectories(gone);
    assertThat(store.checkSpace()).isTrue();
    assertThat(store.writable()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {90028, 90030, 90031, 90062, 90098, 90121})
  void theStoresFailuresAreKnownByTheirCodes(int code) {
    assertThat(EmbeddedStore.storeFailed(new SQLException("failed", "HY000", code))).isTrue();
    assertThat(
            EmbeddedStore.storeFailed(
                new IllegalStateException(new SQLException("failed", "HY000", code))))
        .isTrue();
  }

  @Test
  void aGeneralErrorIsTheStoresOnlyWithAnMvStoreCause() {
    assertThat(EmbeddedStore.storeFailed(new SQLException("general", "HY000", 50000))).isFalse();
    assertThat(
            EmbeddedStore.storeFailed(
                new SQLException(
                    "general", "HY000", 50000, new MVStoreException(2, "No space left on device"))))
        .isTrue();
    assertThat(EmbeddedStore.storeFailed(new SQLException("duplicate", "23505", 23505))).isFalse();
  }

  @Test
  void noneIsAlwaysWritableAndNeverFailed() {
    EmbeddedStore none = EmbeddedStore.none();
    assertThat(none.writable()).isTrue();
    assertThat(none.report(new SQLException("closed", "90098", 90098))).isFalse();
  }

  /** A store failure evicts the pool's connections: the next one is a new connection. */
  @Test
  void aReportedFailureEvictsThePoolsConnections() throws Exception {
    EmbeddedStore store = EmbeddedStore.in(dir);
    try (HikariDataSource pool = new HikariDataSource()) {
      pool.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
      pool.setMaximumPoolSize(1);
      store.watch(pool);
      Object before;
      try (Connection connection = pool.getConnection()) {
        before = connection.unwrap(Connection.class);
      }
      assertThat(store.report(new IllegalStateException("a bug"))).isFalse();
      try (Connection connection = pool.getConnection()) {
        assertThat(connection.unwrap(Connection.class)).isSameAs(before);
      }
      assertThat(store.report(new SQLException("closed", "90098", 90098))).isTrue();
      try (Connection connection = pool.getConnection()) {
        assertThat(connection.unwrap(Connection.class)).isNotSameAs(before);
      }
    }
  }
}
