package org.availkit.server.agent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.availkit.contract.AvailabilityRules.Transition;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.server.agent.AgentRepository.KeyRecord;
import org.availkit.server.agent.AgentRepository.NewAgent;
import org.availkit.server.agent.AgentRepository.StatusUpdate;
import org.availkit.server.system.AvailkitProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The agents as the rest of the server reads and writes them: the SQL is {@link AgentRepository}'s,
 * and every copy of agents' data kept in memory is here, with what invalidates it. Every read and
 * write of {@code agents} outside the repository goes through this class, so no write can miss the
 * copies it makes stale.
 *
 * <p>Why copies at all: every request authenticates and answers its agent, and on the embedded
 * database the statements were most of a request's database time (the README's "Benchmark"). The
 * three copies, and what invalidates each:
 *
 * <ul>
 *   <li><b>Key hints</b> ({@link #hint}): for a key that authenticated, its agent's id and the
 *       secret hash it was checked against, so that the next request looks its row up by primary
 *       key (at 100,000 agents the key's index was a fifth of a request's database time), or not at
 *       all where rows are kept. A hint is no copy of the row: the row is still read each time, and
 *       authentication drops a hint ({@link #forgetHint}) when the row no longer holds that key and
 *       hash, so a rotated or revoked key takes effect at once. Only keys with the right secret are
 *       remembered, so guessing cannot fill it; bounded all the same.
 *   <li><b>Rows</b> ({@link KeyRecordCache}): agents' rows with their secrets' hashes, only where
 *       this process is the database's only writer (the embedded H2 database; never PostgreSQL,
 *       which other instances and the command line write). Every write below changes its agent's
 *       copy to the row it wrote once its transaction has committed (the operators' writes, by
 *       email, drop every copy), so a change shows on the next request as without the cache.
 *   <li><b>Lists</b> ({@link #details}): roles, permissions and teams, kept {@code
 *       availkit.agent-lists-cache} after a read. Nothing in this kit changes them, so only time
 *       invalidates them: a change made in the database shows within that time.
 * </ul>
 *
 * <p>It is long because it is every read and write of agents beside the caches each one fills or
 * drops, so that no write can forget an invalidation.
 */
@Service
public class Agents {

  /** The most agents whose lists are kept, and the most key hints. */
  static final int MAX_KEPT = 10_000;

  /**
   * For a key that authenticated before: its agent's id and the secret hash it was checked against
   * ({@link Agents}, "Key hints").
   */
  public record KeyHint(long agentId, String secretHash) {}

  private final AgentRepository sql;
  private final KeyRecordCache rows;
  private final Cache<Long, AgentLists> lists;
  private final Cache<String, KeyHint> hints = Caffeine.newBuilder().maximumSize(MAX_KEPT).build();

  @Autowired
  Agents(AgentRepository sql, AvailkitProperties properties, DataSource dataSource)
      throws SQLException {
    this(
        sql,
        KeyRecordCache.forDatabase(dataSource, properties.agentRowCache()),
        properties.agentListsCache());
  }

  Agents(AgentRepository sql, KeyRecordCache rows, Duration listsFor) {
    this.sql = sql;
    this.rows = rows;
    this.lists =
        Caffeine.newBuilder()
            .maximumSize(listsFor.isZero() ? 0 : MAX_KEPT)
            .expireAfterWrite(listsFor)
            .build();
  }

  // ---- key hints --------------------------------------------------------------------------------

  /** The hint for this key, or null when it has none. */
  public KeyHint hint(String apiKey) {
    return hints.getIfPresent(apiKey);
  }

  /** Remembers that {@code apiKey} authenticated against {@code key}'s secret hash. */
  public void rememberHint(String apiKey, KeyRecord key) {
    hints.put(apiKey, new KeyHint(key.agentId(), key.secretHash()));
  }

  /** After the key's row no longer matched its hint. */
  public void forgetHint(String apiKey) {
    hints.invalidate(apiKey);
  }

  // ---- reads ------------------------------------------------------------------------------------

  /** The agent that has this key now, through the key's index; the row is kept where rows are. */
  public Optional<KeyRecord> findKey(String apiKey) {
    long readFrom = rows.generation();
    Optional<KeyRecord> key = sql.findKey(apiKey);
    if (key.isPresent() && rows.usable()) {
      rows.put(key.get().agentId(), key.get(), readFrom);
    }
    return key;
  }

  /**
   * The same as {@link #findKey(String)}, by the agent's id: empty unless that agent has this key
   * now. A lookup by primary key, for a key whose agent is known from a hint; or no lookup at all,
   * where the row is kept.
   */
  public Optional<KeyRecord> findKey(long agentId, String apiKey) {
    if (!rows.usable()) {
      return sql.findKey(agentId, apiKey);
    }
    KeyRecord key = rows.get(agentId);
    if (key == null) {
      long readFrom = rows.generation();
      key = sql.findKey(agentId).orElse(null);
      if (key == null) {
        return Optional.empty();
      }
      rows.put(agentId, key, readFrom);
    }
    return apiKey.equals(key.agent().apiKey()) ? Optional.of(key) : Optional.empty();
  }

  /** The agent of a row read before, with its lists: read now, or kept from an earlier read. */
  public AgentDetails details(AgentRow row) {
    return new AgentDetails(row, lists.get(row.id(), sql::findLists));
  }

  /**
   * The agent, read now: its row, then its lists. No transaction of its own: it joins the caller's
   * when there is one.
   */
  public Optional<AgentDetails> findById(long id) {
    // The lists are read once the row's statement is done: a query inside the row mapper would
    // hold two pooled connections at once outside a transaction, and a full pool deadlocks.
    return sql.findRow(id).map(this::details);
  }

  @Transactional(readOnly = true)
  public Optional<AgentDetails> findByEmail(String email) {
    return sql.findId(email).flatMap(this::findById);
  }

  @Transactional(readOnly = true)
  public List<AgentDetails> findAll() {
    return sql.findIds().stream().map(this::findById).flatMap(Optional::stream).toList();
  }

  public long count() {
    return sql.count();
  }

  // ---- writes: each drops the copies it makes stale ---------------------------------------------

  /** Creates an agent; no copy can exist of a row that did not. */
  public long create(NewAgent agent, OffsetDateTime now) {
    return sql.create(agent, now);
  }

  /** {@link AgentRepository#recordKeyUse}. */
  public boolean recordKeyUse(long agentId, OffsetDateTime now, OffsetDateTime staleBefore) {
    return written(
        agentId, sql.recordKeyUse(agentId, now, staleBefore), row -> row.withKeyLastUsedAt(now));
  }

  /** {@link AgentRepository#lock}: a read, under the caller's transaction. */
  public boolean lock(long agentId) {
    return sql.lock(agentId);
  }

  /** {@link AgentRepository#apply}. */
  public boolean apply(long agentId, Transition transition, OffsetDateTime now) {
    return written(
        agentId,
        sql.apply(agentId, transition, now),
        row -> row.withStatus(transition.target(), now));
  }

  /** {@link AgentRepository#applyAll}. */
  public boolean[] applyAll(List<StatusUpdate> updates) {
    boolean[] changed = sql.applyAll(updates);
    for (int i = 0; i < changed.length; i++) {
      StatusUpdate update = updates.get(i);
      written(
          update.agentId(),
          changed[i],
          row -> row.withStatus(update.transition().target(), update.now()));
    }
    return changed;
  }

  /** {@link AgentRepository#setStatus}. */
  public boolean setStatus(long agentId, AvailabilityStatus status, OffsetDateTime now) {
    return written(
        agentId, sql.setStatus(agentId, status, now), row -> row.withStatus(status, now));
  }

  /** {@link AgentRepository#replaceKey}. */
  public boolean replaceKey(String email, String apiKey, String secretHash, OffsetDateTime now) {
    return writtenByEmail(sql.replaceKey(email, apiKey, secretHash, now));
  }

  /** {@link AgentRepository#revokeKey}. */
  public boolean revokeKey(String email, OffsetDateTime now) {
    return writtenByEmail(sql.revokeKey(email, now));
  }

  /** {@link AgentRepository#disable}. */
  public boolean disable(String email, OffsetDateTime now) {
    return writtenByEmail(sql.disable(email, now));
  }

  /**
   * Whether an update of the agent's row changed it; if it did, its kept copy becomes {@code
   * change} of it, the row the update wrote.
   */
  private boolean written(long agentId, boolean changed, UnaryOperator<AgentRow> change) {
    if (changed) {
      rows.written(agentId, change);
    }
    return changed;
  }

  /** Whether an update by email changed a row; if it did, every kept copy goes. */
  private boolean writtenByEmail(boolean changed) {
    if (changed) {
      rows.writtenAll();
    }
    return changed;
  }
}
