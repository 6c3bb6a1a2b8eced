package org.availkit.server.agent;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.availkit.contract.AvailabilityRules.Transition;
import org.availkit.contract.AvailabilityStatus;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Agents in the database: SQL only, plain statements that run on PostgreSQL and on H2 alike.
 * Nothing here is kept in memory; the rest of the server reads and writes agents through {@link
 * Agents}, which keeps the copies and drops them after the writes below.
 *
 * <p>It is long because it is every statement on the agents' tables and nothing else, so that the
 * schema's SQL is read in one place.
 */
@Repository
public class AgentRepository {

  /**
   * The agent's columns, in the order {@link #readAgent} reads them: by position, because by name
   * H2 looks each name up again for every row, on the path every request takes (bench/README.md).
   */
  private static final String AGENT_COLUMNS =
      "id, created_at, updated_at, first_name, last_name, email, type, availability_status,"
          + " phone_number_country_code, phone_number, avatar_url, enabled, last_active_at,"
          + " last_login_at, custom_attributes, api_key, api_key_last_used_at";

  private static final int AGENT_COLUMN_COUNT = AGENT_COLUMNS.split(",").length;

  /**
   * {@link #applyAll}'s one statement: a transition's overwritable statuses fill the {@code IN}
   * list, padded with NULLs (which match no row), so that every transition is the same statement
   * and a batch of them goes to the database as one JDBC batch.
   */
  private static final String APPLY_ONE =
      "UPDATE agents SET availability_status = ?, updated_at = ? WHERE id = ?"
          + " AND availability_status IN ("
          + String.join(", ", Collections.nCopies(AvailabilityStatus.values().length, "?"))
          + ")";

  /** The parameters of {@link #APPLY_ONE}: target, time, id, then the {@code IN} list. */
  private static final int APPLY_ONE_PARAMETERS = 3 + AvailabilityStatus.values().length;

  /** A status update of {@link #applyAll}: {@link #apply}'s arguments. */
  public record StatusUpdate(long agentId, Transition transition, OffsetDateTime now) {}

  private final JdbcTemplate template;
  private final JdbcClient jdbc;

  AgentRepository(JdbcTemplate template) {
    this.template = template;
    this.jdbc = JdbcClient.create(template);
  }

  /**
   * What authentication reads for an API key, in one statement: the secret's hash and the agent's
   * row. The row is also what the request then answers from, so an authenticated request reads its
   * agent once.
   */
  public record KeyRecord(String secretHash, AgentRow agent) {
    public long agentId() {
      return agent.id();
    }

    @Override
    public String toString() {
      return "KeyRecord[agentId=" + agent.id() + ", secretHash=<hidden>]";
    }
  }

  /** A new agent, as the command line and the first start create it. */
  public record NewAgent(
      String email,
      String firstName,
      String lastName,
      List<String> roles,
      List<String> teams,
      AvailabilityStatus status,
      String apiKey,
      String secretHash) {}

  /** The agent's row and its secret's hash, as {@link #readKey} reads them. */
  private static final String KEY_SELECT =
      "SELECT " + AGENT_COLUMNS + ", api_secret_hash FROM agents";

  /** The agent that has this key now, through the key's index. */
  public Optional<KeyRecord> findKey(String apiKey) {
    return jdbc.sql(KEY_SELECT + " WHERE api_key = ?")
        .param(apiKey)
        .query((rs, n) -> readKey(rs))
        .optional();
  }

  /**
   * The same as {@link #findKey(String)}, by primary key: empty unless that agent has this key now.
   */
  public Optional<KeyRecord> findKey(long agentId, String apiKey) {
    return jdbc.sql(KEY_SELECT + " WHERE id = ? AND api_key = ?")
        .params(agentId, apiKey)
        .query((rs, n) -> readKey(rs))
        .optional();
  }

  /** The agent's row and its secret's hash, whatever its key. */
  Optional<KeyRecord> findKey(long agentId) {
    return jdbc.sql(KEY_SELECT + " WHERE id = ?")
        .param(agentId)
        .query((rs, n) -> readKey(rs))
        .optional();
  }

  /**
   * Records a use of the key unless one was recorded after {@code staleBefore}: at most one write a
   * minute. Returns whether this call wrote it.
   */
  public boolean recordKeyUse(long agentId, OffsetDateTime now, OffsetDateTime staleBefore) {
    return jdbc.sql(
                "UPDATE agents SET api_key_last_used_at = ? WHERE id = ?"
                    + " AND (api_key_last_used_at IS NULL OR api_key_last_used_at < ?)")
            .params(now, agentId, staleBefore)
            .update()
        > 0;
  }

  /**
   * Locks the agent's row until the current transaction ends, so that concurrent changes of the
   * same agent take turns. Returns whether the agent exists.
   */
  public boolean lock(long agentId) {
    return !jdbc.sql("SELECT id FROM agents WHERE id = ? FOR UPDATE")
        .param(agentId)
        .query(Long.class)
        .list()
        .isEmpty();
  }

  /**
   * Applies a transition as one conditional update: the status is written only where the current
   * status is one the transition may overwrite. Returns whether a row changed.
   */
  public boolean apply(long agentId, Transition transition, OffsetDateTime now) {
    return applyAll(List.of(new StatusUpdate(agentId, transition, now)))[0];
  }

  /**
   * {@link #apply} for each update, in order, in the caller's transaction, as one JDBC batch: the
   * statements reach the database in one round trip instead of one each (on PostgreSQL, the single
   * writer spent 28 % of its time running a batch's updates one round trip at a time, in a
   * wall-clock profile under the benchmark's write load). Each statement sees the ones before it,
   * as separate calls of {@link #apply} would. Returns, for each update, whether it changed a row.
   */
  public boolean[] applyAll(List<StatusUpdate> updates) {
    int[] counts =
        template.batchUpdate(
            APPLY_ONE,
            new BatchPreparedStatementSetter() {
              @Override
              public void setValues(PreparedStatement ps, int i) throws SQLException {
                StatusUpdate update = updates.get(i);
                int column = 0;
                ps.setString(++column, update.transition().target().wire());
                ps.setObject(++column, update.now());
                ps.setLong(++column, update.agentId());
                for (AvailabilityStatus from : update.transition().overwritable()) {
                  ps.setString(++column, from.wire());
                }
                while (column < APPLY_ONE_PARAMETERS) {
                  ps.setNull(++column, Types.VARCHAR);
                }
              }

              @Override
              public int getBatchSize() {
                return updates.size();
              }
            });
    boolean[] changed = new boolean[updates.size()];
    for (int i = 0; i < changed.length; i++) {
      changed[i] = counts[i] > 0;
    }
    return changed;
  }

  /** Sets a status directly, whatever the current one (operators and tests). */
  public boolean setStatus(long agentId, AvailabilityStatus status, OffsetDateTime now) {
    return jdbc.sql("UPDATE agents SET availability_status = ?, updated_at = ? WHERE id = ?")
            .params(status.wire(), now, agentId)
            .update()
        > 0;
  }

  /** The agent's row. No transaction of its own: it joins the caller's when there is one. */
  public Optional<AgentRow> findRow(long id) {
    return jdbc.sql("SELECT " + AGENT_COLUMNS + " FROM agents WHERE id = ?")
        .param(id)
        .query((rs, n) -> readAgent(rs))
        .optional();
  }

  /** The id of the agent with this email. */
  public Optional<Long> findId(String email) {
    return jdbc.sql("SELECT id FROM agents WHERE email = ?")
        .param(normalizeEmail(email))
        .query(Long.class)
        .optional();
  }

  /** Every agent's id, in order. */
  public List<Long> findIds() {
    return jdbc.sql("SELECT id FROM agents ORDER BY id").query(Long.class).list();
  }

  public long count() {
    return jdbc.sql("SELECT COUNT(*) FROM agents").query(Long.class).single();
  }

  /** Creates an agent with its roles and teams (teams that do not exist yet are created). */
  @Transactional
  public long create(NewAgent agent, OffsetDateTime now) {
    for (String role : agent.roles()) {
      if (jdbc.sql("SELECT COUNT(*) FROM roles WHERE name = ?")
              .param(role)
              .query(Long.class)
              .single()
          == 0) {
        throw new UnknownRoleException(role, roleNames());
      }
    }
    KeyHolder generated = new GeneratedKeyHolder();
    jdbc.sql(
            "INSERT INTO agents (created_at, updated_at, first_name, last_name, email, type,"
                + " availability_status, api_key, api_secret_hash) VALUES (?, ?, ?, ?, ?, 'agent', ?, ?, ?)")
        .params(
            now,
            now,
            agent.firstName(),
            agent.lastName(),
            normalizeEmail(agent.email()),
            agent.status().wire(),
            agent.apiKey(),
            agent.secretHash())
        .update(generated, "id");
    long id = generated.getKeyAs(Long.class);
    for (String role : agent.roles()) {
      jdbc.sql("INSERT INTO agent_roles (agent_id, role_id) SELECT ?, id FROM roles WHERE name = ?")
          .params(id, role)
          .update();
    }
    for (String team : agent.teams()) {
      jdbc.sql(
              "INSERT INTO teams (name) SELECT CAST(? AS VARCHAR(200)) WHERE NOT EXISTS"
                  + " (SELECT 1 FROM teams WHERE name = ?)")
          .params(team, team)
          .update();
      jdbc.sql("INSERT INTO agent_teams (agent_id, team_id) SELECT ?, id FROM teams WHERE name = ?")
          .params(id, team)
          .update();
    }
    return id;
  }

  /** Replaces the agent's key and secret hash; returns whether the agent exists. */
  public boolean replaceKey(String email, String apiKey, String secretHash, OffsetDateTime now) {
    return jdbc.sql(
                "UPDATE agents SET api_key = ?, api_secret_hash = ?, api_key_last_used_at = NULL,"
                    + " updated_at = ? WHERE email = ?")
            .params(apiKey, secretHash, now, normalizeEmail(email))
            .update()
        > 0;
  }

  public boolean revokeKey(String email, OffsetDateTime now) {
    return jdbc.sql(
                "UPDATE agents SET api_key = NULL, api_secret_hash = NULL, api_key_last_used_at = NULL,"
                    + " updated_at = ? WHERE email = ?")
            .params(now, normalizeEmail(email))
            .update()
        > 0;
  }

  public boolean disable(String email, OffsetDateTime now) {
    return jdbc.sql("UPDATE agents SET enabled = FALSE, updated_at = ? WHERE email = ?")
            .params(now, normalizeEmail(email))
            .update()
        > 0;
  }

  private List<String> roleNames() {
    return jdbc.sql("SELECT name FROM roles ORDER BY name").query(String.class).list();
  }

  /** The agent's roles, permissions and teams. */
  AgentLists findLists(long id) {
    // Plain statements rather than one UNION: H2 caches the plan of a plain SELECT per
    // connection, but parses a UNION again on every call (bench/README.md).
    // Roles and their permissions come in one statement, and are sorted here rather than by the
    // database, so the order is the same whatever the database's collation.
    TreeSet<String> roles = new TreeSet<>();
    TreeSet<String> permissions = new TreeSet<>();
    jdbc.sql(
            "SELECT r.name, rp.permission FROM agent_roles ar JOIN roles r ON r.id = ar.role_id"
                + " LEFT JOIN role_permissions rp ON rp.role_id = ar.role_id WHERE ar.agent_id = ?")
        .param(id)
        .query(
            rs -> {
              roles.add(rs.getString(1));
              String permission = rs.getString(2);
              if (permission != null) {
                permissions.add(permission);
              }
            });
    List<AgentDetails.Team> teams =
        jdbc.sql(
                "SELECT t.id, t.name, t.emoji FROM teams t"
                    + " JOIN agent_teams at ON at.team_id = t.id WHERE at.agent_id = ? ORDER BY t.id")
            .param(id)
            .query((t, n) -> new AgentDetails.Team(t.getLong(1), t.getString(2), t.getString(3)))
            .list();
    return new AgentLists(List.copyOf(roles), List.copyOf(permissions), teams);
  }

  private static KeyRecord readKey(ResultSet rs) throws SQLException {
    return new KeyRecord(rs.getString(AGENT_COLUMN_COUNT + 1), readAgent(rs));
  }

  /** The columns of {@link #AGENT_COLUMNS}, which a select starts with, read in their order. */
  private static AgentRow readAgent(ResultSet rs) throws SQLException {
    int column = 0;
    long id = rs.getLong(++column);
    var createdAt = rs.getObject(++column, OffsetDateTime.class);
    var updatedAt = rs.getObject(++column, OffsetDateTime.class);
    String firstName = rs.getString(++column);
    String lastName = rs.getString(++column);
    String email = rs.getString(++column);
    String type = rs.getString(++column);
    AvailabilityStatus status = AvailabilityStatus.fromWire(rs.getString(++column));
    String countryCode = rs.getString(++column);
    String phone = rs.getString(++column);
    String avatar = rs.getString(++column);
    boolean enabled = rs.getBoolean(++column);
    var lastActive = rs.getObject(++column, OffsetDateTime.class);
    var lastLogin = rs.getObject(++column, OffsetDateTime.class);
    String customAttributes = rs.getString(++column);
    String apiKey = rs.getString(++column);
    var keyLastUsed = rs.getObject(++column, OffsetDateTime.class);
    assert column == AGENT_COLUMN_COUNT;
    return new AgentRow(
        id,
        createdAt,
        updatedAt,
        firstName,
        lastName,
        email,
        type,
        status,
        countryCode,
        phone,
        avatar,
        enabled,
        lastActive,
        lastLogin,
        customAttributes,
        apiKey,
        keyLastUsed);
  }

  static String normalizeEmail(String email) {
    return email == null ? null : email.trim().toLowerCase(java.util.Locale.ROOT);
  }
}
