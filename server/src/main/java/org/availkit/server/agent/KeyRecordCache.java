package org.availkit.server.agent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.availkit.server.agent.AgentRepository.KeyRecord;

/**
 * Agents' rows, with their secrets' hashes, kept in memory by agent id: exact copies of the
 * database, for a database that only this process writes, so that a repeated request reads
 * nothing from it. Every write to {@code agents} goes through {@link AgentRepository}, which
 * calls {@link #invalidate} or {@link #invalidateAll} once the write has committed; a rotated or
 * revoked key, or a disabled agent, is then refused on the next request, as without the cache.
 *
 * <p>A read that raced a write must not put the row it read from before the write back into the
 * cache. So every invalidation first moves a generation counter on; a row is put only if no
 * invalidation happened since its read began ({@link #generation} before the read), and the
 * check and the put are one atomic step per agent against {@link #invalidate} of that agent. For
 * {@link #invalidateAll}, whose clearing is not atomic against puts, entries carry the generation
 * of their read, and entries read before the last {@code invalidateAll} are not answered.
 *
 * <p>Bounded: at most {@link #MAX_ROWS} agents.
 */
final class KeyRecordCache {

  static final int MAX_ROWS = 10_000;

  private record Entry(KeyRecord record, long readFrom) {}

  private final Cache<Long, Entry> rows = Caffeine.newBuilder().maximumSize(MAX_ROWS).build();
  private final AtomicLong generation = new AtomicLong();
  /** The generation that the last {@link #invalidateAll} started; older entries are void. */
  private volatile long clearedAt;

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
    rows.asMap().compute(agentId, (id, old) -> generation.get() == readFrom ? new Entry(record, readFrom) : old);
  }

  /** After a committed write to the agent's row. */
  void invalidate(long agentId) {
    generation.incrementAndGet();
    rows.invalidate(agentId);
  }

  /** After a committed write whose agents are not known by id (the operators' writes, by email). */
  void invalidateAll() {
    clearedAt = generation.incrementAndGet();
    rows.invalidateAll();
  }

  /**
   * Whether only this process can write the database at {@code jdbcUrl}: an embedded H2 database
   * (a file, which H2 locks for one process, or memory), not one reached over TCP, not one opened
   * with {@code AUTO_SERVER=TRUE} (which lets other processes in) and not with {@code FILE_LOCK=NO}.
   * PostgreSQL, and anything else, is written by other server instances and the command line.
   */
  static boolean onlyWriter(String jdbcUrl) {
    String url = jdbcUrl.toUpperCase(Locale.ROOT).replace(" ", "");
    if (!url.startsWith("JDBC:H2:") || url.startsWith("JDBC:H2:TCP:") || url.startsWith("JDBC:H2:SSL:")) {
      return false;
    }
    for (String setting : url.split(";")) {
      if (setting.equals("AUTO_SERVER=TRUE") || setting.equals("FILE_LOCK=NO")) {
        return false;
      }
    }
    return true;
  }
}
