package org.availkit.server.system;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded database's store on a disk that may fill up. Without it, a full disk made H2's store
 * fail and close, every request (reads too) answered 500, and nothing but a restart brought it back
 * (issue 17). Now:
 *
 * <ul>
 *   <li>{@link #checkSpace()} (every {@code availkit.disk-check}, 250 ms by default, from {@link
 *       EmbeddedStoreProbe}) asks for {@link #PROBE_BYTES} free beside the database's files and
 *       writes a small file there: while that fails, {@link #writable()} is false and writes are
 *       answered 503 before they reach H2, so the store is not made to fail in the first place;
 *       reads go on (they write nothing).
 *   <li>If a write came between two checks and the store failed anyway (H2 closes the database:
 *       90098 "database is closed" on every connection from then on), the failure is answered 503
 *       and every connection of the pool is evicted (HikariCP evicts only on SQLSTATE class 08 and
 *       a few codes of its own, none of them H2's): the next connection opens the database again,
 *       which works once there is space.
 * </ul>
 *
 * <p>Nothing acknowledged is lost on the way: an answer 200 follows its commit, which H2 wrote to
 * the file before it returned (WRITE_DELAY=0), and FullDiskProcessTest restarts the server after a
 * SIGKILL to check.
 */
public final class EmbeddedStore {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedStore.class);

  /** The room a write needs, with a margin: a commit writes a chunk of about 15 KB here. */
  static final int PROBE_BYTES = 1 << 20;

  private static final int SMALL_WRITE = 4096;

  /**
   * H2's codes for a store that failed (org.h2.api.ErrorCode): IO_EXCEPTION_1, FILE_CORRUPTED_1,
   * IO_EXCEPTION_2, FILE_CREATION_FAILED_1, DATABASE_IS_CLOSED, DATABASE_CALLED_AT_SHUTDOWN.
   */
  private static final Set<Integer> STORE_FAILED = Set.of(90028, 90030, 90031, 90062, 90098, 90121);

  /** H2's GENERAL_ERROR_1, a store failure when an MVStoreException is its cause. */
  private static final int GENERAL_ERROR = 50000;

  private static final int MAX_DEPTH = 20;

  private static final EmbeddedStore NONE = new EmbeddedStore(null);

  private final Path directory;
  private volatile HikariDataSource pool;
  private volatile String problem;

  private EmbeddedStore(Path directory) {
    this.directory = directory;
  }

  /** The store of the embedded file database in {@code directory}. */
  static EmbeddedStore in(Path directory) {
    return new EmbeddedStore(directory);
  }

  /** For a database that is not an embedded file: always writable, never failed. */
  public static EmbeddedStore none() {
    return NONE;
  }

  /** Evicts {@code pool}'s connections on a store failure; set before the pool starts. */
  void watch(HikariDataSource pool) {
    this.pool = pool;
    pool.setExceptionOverride(
        new SQLExceptionOverride() {
          @java.lang.Override
          public SQLExceptionOverride.Override adjudicate(SQLException e) {
            return storeFailed(e)
                ? SQLExceptionOverride.Override.MUST_EVICT
                : SQLExceptionOverride.Override.CONTINUE_EVICT;
          }
        });
  }

  Path directory() {
    return directory;
  }

  /** Whether a write can be stored now (false from a failed space check until one succeeds). */
  public boolean writable() {
    return problem == null;
  }

  /** Why writes cannot be stored now, if they cannot. */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  /**
   * Whether {@code failure} is the store's (then the pool's connections are evicted, so that the
   * next one opens the database again): the caller answers 503 rather than 500.
   */
  public boolean report(Throwable failure) {
    if (this == NONE || !storeFailed(failure)) {
      return false;
    }
    HikariDataSource watched = pool;
    HikariPoolMXBean bean = watched == null ? null : watched.getHikariPoolMXBean();
    if (bean != null) {
      bean.softEvictConnections();
    }
    return true;
  }

  /**
   * Whether the directory has {@link #PROBE_BYTES} free and takes a small write (a file system gone
   * read-only, a directory gone). Free space is read, not written: writing the margin itself every
   * check would be churn, and on a nearly full disk the very write that fills it.
   */
  boolean checkSpace() {
    Path probe = directory.resolve(".space-probe");
    try {
      long usable = Files.getFileStore(directory).getUsableSpace();
      if (usable < PROBE_BYTES) {
        throw new IOException(
            "No space left: " + usable + " bytes free, " + PROBE_BYTES + " needed");
      }
      try (FileChannel channel =
          FileChannel.open(
              probe,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        channel.write(ByteBuffer.allocate(SMALL_WRITE));
      } finally {
        Files.deleteIfExists(probe);
      }
    } catch (IOException e) {
      if (problem == null) {
        log.warn(
            "The embedded database's directory {} cannot take a write ({}): answering writes 503"
                + " until it can",
            directory,
            e.toString());
      }
      problem = "cannot write to " + directory + ": " + e.getMessage();
      return false;
    }
    if (problem != null) {
      log.info("The embedded database's directory {} takes writes again", directory);
      problem = null;
    }
    return true;
  }

  static boolean storeFailed(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
      if (t instanceof SQLException sql
          && (STORE_FAILED.contains(sql.getErrorCode())
              || (sql.getErrorCode() == GENERAL_ERROR && mvStoreCause(sql)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean mvStoreCause(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
      if (t.getClass().getName().equals("org.h2.mvstore.MVStoreException")) {
        return true;
      }
    }
    return false;
  }
}
