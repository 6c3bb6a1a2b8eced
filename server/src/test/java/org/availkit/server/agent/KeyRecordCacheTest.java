package org.availkit.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.server.agent.AgentRepository.KeyRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

/** The cache's rule for reads that race writes, and which databases it is kept for. */
class KeyRecordCacheTest {

  private final KeyRecordCache cache = new KeyRecordCache();

  private static KeyRecord record(long id, String apiKey) {
    return new KeyRecord(
        "hash",
        new AgentRow(
            id, null, null, "F", "L", "f@x", "agent", null, null, null, null, true, null, null,
            null, apiKey, null));
  }

  @Test
  void aRowReadWithNoWriteSinceIsKept() {
    KeyRecord row = record(1, "ak_1");
    cache.put(1, row, cache.generation());
    assertThat(cache.get(1)).isSameAs(row);
    assertThat(cache.get(2)).isNull();
  }

  @Test
  void aRowReadBeforeAWriteToItIsNotPutBack() {
    long readFrom = cache.generation();
    cache.invalidate(1);
    cache.put(1, record(1, "ak_old"), readFrom);
    assertThat(cache.get(1)).isNull();
  }

  @Test
  void aWriteRemovesTheRowAndOnlyThatRow() {
    cache.put(1, record(1, "ak_1"), cache.generation());
    cache.put(2, record(2, "ak_2"), cache.generation());
    cache.invalidate(1);
    assertThat(cache.get(1)).isNull();
    assertThat(cache.get(2)).isNotNull();
  }

  @Test
  void aKnownWriteChangesTheKeptRowAndARowReadBeforeItIsNotPutBack() {
    cache.put(1, record(1, "ak_1"), cache.generation());
    long readFrom = cache.generation();
    cache.changed(1, row -> row.withStatus(AvailabilityStatus.AWAY, null));
    assertThat(cache.get(1).agent().availabilityStatus()).isEqualTo(AvailabilityStatus.AWAY);
    assertThat(cache.get(1).secretHash()).isEqualTo("hash");
    cache.changed(2, row -> row.withStatus(AvailabilityStatus.AWAY, null));
    assertThat(cache.get(2)).as("nothing kept, nothing made up").isNull();
    cache.put(2, record(2, "ak_2"), readFrom);
    assertThat(cache.get(2)).as("read before the write").isNull();
  }

  @Test
  void aKnownWriteChangesTheRowOnlyOnceCommittedAndDropsItOnRollback() {
    for (int outcome :
        new int[] {
          TransactionSynchronization.STATUS_COMMITTED,
          TransactionSynchronization.STATUS_ROLLED_BACK,
          TransactionSynchronization.STATUS_UNKNOWN
        }) {
      KeyRecord kept = record(1, "ak_1");
      cache.put(1, kept, cache.generation());
      TransactionSynchronizationManager.initSynchronization();
      try {
        cache.written(1, row -> row.withStatus(AvailabilityStatus.BUSY, null));
        assertThat(cache.get(1)).as("before the transaction ends").isSameAs(kept);
        TransactionSynchronizationUtils.invokeAfterCompletion(
            TransactionSynchronizationManager.getSynchronizations(), outcome);
      } finally {
        TransactionSynchronizationManager.clearSynchronization();
      }
      if (outcome == TransactionSynchronization.STATUS_COMMITTED) {
        assertThat(cache.get(1).agent().availabilityStatus()).isEqualTo(AvailabilityStatus.BUSY);
      } else {
        assertThat(cache.get(1)).as("outcome %d", outcome).isNull();
      }
    }
  }

  @Test
  void aWriteToAllRemovesEveryRowAndARowReadBeforeItIsNotPutBack() {
    cache.put(1, record(1, "ak_1"), cache.generation());
    long readFrom = cache.generation();
    cache.invalidateAll();
    assertThat(cache.get(1)).isNull();
    cache.put(2, record(2, "ak_old"), readFrom);
    assertThat(cache.get(2)).isNull();
    cache.put(2, record(2, "ak_new"), cache.generation());
    assertThat(cache.get(2)).isNotNull();
  }

  /** The URLs of an embedded database only this process can open: the shipped one among them. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:h2:file:./data/availability;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
            + "WRITE_DELAY=0;RETENTION_TIME=1000;CACHE_SIZE=131072;DB_CLOSE_ON_EXIT=FALSE",
        "jdbc:h2:mem:availkit;DB_CLOSE_DELAY=-1",
        "jdbc:h2:./data/availability",
        "jdbc:h2:~/availability;",
        "jdbc:h2:C:/data/availability;MODE=PostgreSQL",
        "JDBC:H2:FILE:./data/a;file_lock=file",
        "jdbc:h2:file:./data/a; FILE_LOCK = FS "
      })
  void keptForAnEmbeddedDatabaseWithSingleWriterSettings(String url) {
    assertThat(KeyRecordCache.otherWriters(url)).isNull();
    assertThat(KeyRecordCache.onlyWriter(url)).isTrue();
  }

  /**
   * Every spelling H2 reads as "other processes may write": its booleans accept 1, t, y, yes and
   * true in any case, so each is tried; a setting the allowlist does not know counts as such too.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:h2:file:./data/a;AUTO_SERVER=TRUE",
        "jdbc:h2:file:./data/a;auto_server = true",
        "jdbc:h2:file:./data/a;AUTO_SERVER=1",
        "jdbc:h2:file:./data/a;AUTO_SERVER=t",
        "jdbc:h2:file:./data/a;AUTO_SERVER=Y",
        "jdbc:h2:file:./data/a;AUTO_SERVER=yes",
        "jdbc:h2:file:./data/a;Auto_Server=TRUE;MODE=PostgreSQL",
        "jdbc:h2:file:./data/a;AUTO_SERVER_PORT=9090",
        "jdbc:h2:file:./data/a;AUTO_SERVER",
        "jdbc:h2:file:./data/a;FILE_LOCK=NO",
        "jdbc:h2:file:./data/a;file_lock=no",
        "jdbc:h2:file:./data/a;FILE_LOCK=",
        "jdbc:h2:file:./data/a;SOME_FUTURE_SETTING=1",
        "jdbc:h2:tcp://db:9092/availability",
        "jdbc:h2:ssl://db:9092/availability",
        "jdbc:h2:split:./data/a",
        "jdbc:h2:nio:./data/a",
        "jdbc:h2:async:./data/a",
        "jdbc:postgresql://localhost:5432/availability"
      })
  void offWhereAnotherProcessMayWrite(String url) {
    assertThat(KeyRecordCache.otherWriters(url)).isNotNull();
    assertThat(KeyRecordCache.onlyWriter(url)).isFalse();
  }

  /**
   * From the pool as configured, not from the connection's metadata: H2 reports its URL without the
   * settings, so a check of that URL saw no AUTO_SERVER at all. No connection is opened here.
   */
  @Test
  void readsTheSettingsThePoolWasGivenNotTheUrlH2Reports() throws Exception {
    String shipped =
        "jdbc:h2:file:./target/row-cache-test/availability;MODE=PostgreSQL;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    try (HikariDataSource plain = pool(shipped);
        HikariDataSource autoServer = pool(shipped + ";AUTO_SERVER=1");
        HikariDataSource autoServerAsProperty = pool(shipped)) {
      autoServerAsProperty.addDataSourceProperty("AUTO_SERVER", "TRUE");
      assertThat(KeyRecordCache.forDatabase(plain, true).usable()).isTrue();
      assertThat(KeyRecordCache.forDatabase(plain, false).usable()).isFalse();
      assertThat(KeyRecordCache.forDatabase(autoServer, true).usable()).isFalse();
      assertThat(KeyRecordCache.otherWriters(autoServer))
          .contains("AUTO_SERVER")
          .doesNotContain("=1");
      assertThat(KeyRecordCache.forDatabase(autoServerAsProperty, true).usable()).isFalse();
    }
    assertThat(KeyRecordCache.forDatabase(new DriverManagerDataSource(shipped), true).usable())
        .isFalse();
  }

  private static HikariDataSource pool(String url) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(url);
    return pool;
  }
}
