package org.availkit.server.agent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.availkit.server.agent.AgentRepository.KeyRecord;
import org.availkit.server.system.H2Url;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Agents' rows, with their secrets' hashes, kept in memory by agent id: exact copies of the
 * database, for a database that only this process writes, so that a repeated request reads nothing
 * from it. Every write to {@code agents} goes through {@link Agents}, which reports it ({@link
 * #written}, {@link #writtenAll}); the copies go once the write's transaction has ended, so a
 * rotated or revoked key, or a disabled agent, is refused on the next request, as without the
 * cache. A write whose effect on the row is known (a status change, a key's use) changes the copy
 * instead, once its transaction has committed, so that the agent's next request reads nothing
 * either: under writes, that read was a tenth of a request's samples in a profile of the
 * benchmark's server-h2-write. Where other processes may write the database, it is off: it keeps
 * nothing, and every read goes to the database.
 *
 * <p>A read that raced a write must not put the row it read from before the write back into the
 * cache. So every invalidation first moves a generation counter on; a row is put only if no
 * invalidation happened since its read began ({@link #generation} before the read), and the check
 * and the put are one atomic step per agent against {@link #invalidate} of that agent. For {@link
 * #invalidateAll}, whose clearing is not atomic against puts, entries carry the generation of their
 * read, and entries read before the last {@code invalidateAll} are not answered.
 *
 * <p>Bounded: at most {@link #MAX_ROWS} agents.
 *
 * <p>Half of it is the check that the database has no other writer (the allowlist of H2 settings
 * and the URL's parse), kept beside the cache because the cache is only as safe as that check.
 */
final class KeyRecordCache {

  private static final Logger log = LoggerFactory.getLogger(KeyRecordCache.class);

  static final int MAX_ROWS = 10_000;

  private record Entry(KeyRecord record, long readFrom) {}

  private final Cache<Long, Entry> rows = Caffeine.newBuilder().maximumSize(MAX_ROWS).build();
  private final AtomicLong generation = new AtomicLong();

  /** The generation that the last {@link #invalidateAll} started; older entries are void. */
  private volatile long clearedAt;

  private final boolean on;

  /** A cache that keeps rows (for a database only this process writes). */
  KeyRecordCache() {
    this(true);
  }

  private KeyRecordCache(boolean on) {
    this.on = on;
  }

  /** A cache that keeps nothing (for a database that other processes may write). */
  static KeyRecordCache off() {
    return new KeyRecordCache(false);
  }

  /**
   * The cache for the database behind {@code dataSource}: on if {@code wanted} and this process is
   * its only writer ({@link #otherWriters}), off otherwise. The startup log says which, and why.
   */
  static KeyRecordCache forDatabase(DataSource dataSource, boolean wanted) throws SQLException {
    String otherWriters = otherWriters(dataSource);
    KeyRecordCache cache = new KeyRecordCache(wanted && otherWriters == null);
    log.info(
        cache.on
            ? "Agents' rows are kept in memory: this process is the embedded database's only writer."
            : otherWriters == null
                ? "Agents' rows are read on every request (availkit.agent-row-cache=false)."
                : "Agents' rows are read on every request: " + otherWriters + ".");
    return cache;
  }

  /**
   * Why other processes may write the database behind {@code dataSource}, or null when only this
   * process can: read from the URL and properties the pool was configured with. Not from the
   * connection's metadata, whose URL H2 reports without its settings ({@code AUTO_SERVER=TRUE} and
   * all: H2's {@code ConnectionInfo} cuts the URL at the first {@code ;}), and not only from the
   * URL, since H2 also takes settings as connection properties ({@code
   * spring.datasource.hikari.data-source-properties.AUTO_SERVER=TRUE}).
   */
  static String otherWriters(DataSource dataSource) throws SQLException {
    if (!dataSource.isWrapperFor(HikariDataSource.class)) {
      return "its pool is not HikariCP, whose settings this server reads";
    }
    HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
    if (pool.getJdbcUrl() == null) {
      return "the pool names no JDBC URL";
    }
    StringBuilder url = new StringBuilder(pool.getJdbcUrl());
    pool.getDataSourceProperties()
        .forEach((key, value) -> url.append(';').append(key).append('=').append(value));
    return otherWriters(url.toString());
  }

  /**
   * Whether reads may use and fill the cache now: it is on, and this is not inside a transaction,
   * which may have written rows that are not committed yet.
   */
  boolean usable() {
    return on && !TransactionSynchronizationManager.isActualTransactionActive();
  }

  /** The agent's row as the database holds it now, or null when it is not cached. */
  KeyRecord get(long agentId) {
    Entry entry = rows.getIfPresent(agentId);
    return entry == null || entry.readFrom() < clearedAt ? null : entry.record();
  }

  /** The generation to pass to {@link #put} for a read that starts now. */
  long generation() {
    return generation.get();
  }

  /** Keeps {@code record}, read after {@code readFrom} was taken, unless a write came since. */
  void put(long agentId, KeyRecord record, long readFrom) {
    rows.asMap()
        .compute(
            agentId, (id, old) -> generation.get() == readFrom ? new Entry(record, readFrom) : old);
  }

  /**
   * After a write to the agent's row that made it {@code change} of what it was: once the write's
   * transaction has committed, the copy, if one is kept, is changed the same way; after a rollback
   * it goes. {@code change} sets columns to values (no increments), so that applying it to a copy
   * read after the write changes nothing.
   */
  void written(long agentId, UnaryOperator<AgentRow> change) {
    if (on) {
      afterCompletion(
          status -> {
            if (status == TransactionSynchronization.STATUS_COMMITTED) {
              changed(agentId, change);
            } else {
              invalidate(agentId);
            }
          });
    }
  }

  /** After a write to rows not known by id: every copy goes once the transaction has ended. */
  void writtenAll() {
    if (on) {
      afterCompletion(status -> invalidateAll());
    }
  }

  /**
   * Runs {@code invalidation} with the transaction's outcome once the current transaction has
   * ended, or now, as committed, outside one (the write has committed as it returned). After
   * completion, not after commit: a rollback leaves the row as it was, and the copy may go all the
   * same; before completion, a read would still see the row from before the write.
   */
  private static void afterCompletion(IntConsumer invalidation) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      invalidation.accept(TransactionSynchronization.STATUS_COMMITTED);
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCompletion(int status) {
            invalidation.accept(status);
          }
        });
  }

  /** After a committed write to the agent's row. */
  void invalidate(long agentId) {
    generation.incrementAndGet();
    rows.invalidate(agentId);
  }

  /**
   * After a committed write that made the agent's row {@code change} of what it was. The generation
   * moves on first, as for {@link #invalidate}, so that a read from before the write is not put
   * afterwards. The changed copy keeps the generation of its read, so that a copy read before the
   * last {@link #invalidateAll} stays void ({@link #get}).
   */
  void changed(long agentId, UnaryOperator<AgentRow> change) {
    generation.incrementAndGet();
    rows.asMap()
        .computeIfPresent(
            agentId,
            (id, old) ->
                new Entry(
                    new KeyRecord(old.record().secretHash(), change.apply(old.record().agent())),
                    old.readFrom()));
  }

  /** After a committed write whose agents are not known by id (the operators' writes, by email). */
  void invalidateAll() {
    clearedAt = generation.incrementAndGet();
    rows.invalidateAll();
  }

  /**
   * Settings of an H2 URL that leave this process the database's only writer. An allowlist, not a
   * blocklist: H2 reads a boolean setting as true from {@code TRUE}, {@code 1}, {@code T}, {@code
   * Y} or {@code YES} in any case (its {@code Utils.parseBoolean}), so {@code AUTO_SERVER=1} let
   * other processes in although a check for {@code AUTO_SERVER=TRUE} saw nothing. Any setting not
   * named here (AUTO_SERVER, AUTO_SERVER_PORT, ACCESS_MODE_DATA, INIT, a setting of a later H2, a
   * typo) turns the cache off, whatever its value.
   */
  private static final Set<String> SINGLE_WRITER_SETTINGS =
      Set.of(
          "MODE",
          "DATABASE_TO_LOWER",
          "DATABASE_TO_UPPER",
          "CASE_INSENSITIVE_IDENTIFIERS",
          "IGNORECASE",
          "DEFAULT_NULL_ORDERING",
          "NON_KEYWORDS",
          "WRITE_DELAY",
          "RETENTION_TIME",
          "CACHE_SIZE",
          "DB_CLOSE_ON_EXIT",
          "DB_CLOSE_DELAY",
          "LOCK_TIMEOUT",
          "MAX_COMPACT_TIME",
          "DEFRAG_ALWAYS",
          "TRACE_LEVEL_FILE",
          "TRACE_LEVEL_SYSTEM_OUT",
          "IFEXISTS",
          "FORBID_CREATION",
          "USER",
          "PASSWORD");

  /** {@code FILE_LOCK} values that lock the file for one process (H2's default is {@code FILE}). */
  private static final Set<String> LOCKING_FILE_LOCKS = Set.of("FILE", "FS");

  /**
   * Whether only this process can write the database at {@code jdbcUrl} ({@link #otherWriters}).
   */
  static boolean onlyWriter(String jdbcUrl) {
    return otherWriters(jdbcUrl) == null;
  }

  /**
   * Why other processes may write the database at {@code jdbcUrl}, or {@code null} when only this
   * process can: an embedded H2 database (a file, which H2 locks for one process, or memory), named
   * with no file-system prefix but {@code file:} or {@code mem:} (not {@code tcp:}, {@code ssl:},
   * {@code split:}, ...), and no setting outside {@link #SINGLE_WRITER_SETTINGS}. PostgreSQL, and
   * anything else, is written by other server instances and the command line.
   */
  static String otherWriters(String jdbcUrl) {
    Optional<H2Url> h2 = H2Url.parse(jdbcUrl);
    if (h2.isEmpty()) {
      return "it is not an embedded H2 database";
    }
    if (!h2.get().isEmbedded()) {
      return "H2 opens it through \"" + h2.get().prefix() + ":\"";
    }
    for (String setting : h2.get().settings()) {
      int equals = setting.indexOf('=');
      String key =
          (equals < 0 ? setting : setting.substring(0, equals)).strip().toUpperCase(Locale.ROOT);
      String value =
          equals < 0 ? "" : setting.substring(equals + 1).strip().toUpperCase(Locale.ROOT);
      boolean safe =
          key.equals("FILE_LOCK")
              ? LOCKING_FILE_LOCKS.contains(value)
              : SINGLE_WRITER_SETTINGS.contains(key);
      if (!safe) {
        // The name only: a value may be a password.
        return "its settings include " + key + ", which may let other processes write it";
      }
    }
    return null;
  }
}
