package org.availkit.contract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.availkit.contract.consumer.ProviderStates;
import org.availkit.server.agent.Agents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Before each test class of the gate's server: checks that the server runs on the database the
 * build asked for ({@link GateDatabase}), records which one in the log and in {@code
 * target/gate-database.txt} (which the build prints after the contract report), and removes the
 * gate's agents, so that every class creates them afresh.
 *
 * <p>Spring keeps a test context, and so its server and database, for every class with the same
 * configuration, and PostgreSQL keeps its rows from one build to the next: without this, a class
 * started from whatever the classes (and builds) before it left in the agent's row. Registered with
 * {@code @TestExecutionListeners(mergeMode = MERGE_WITH_DEFAULTS)} (Spring's reference,
 * "TestExecutionListener configuration": merging keeps the default listeners, dependency injection
 * among them), so {@code beforeTestClass} runs in the extension's {@code beforeAll}, before the
 * class's own {@code @BeforeAll} and any test.
 */
public final class KnownStartingState implements TestExecutionListener {

  private static final Logger LOG = LoggerFactory.getLogger(KnownStartingState.class);

  /**
   * The gate's agents, by email and key: {@link ServerAndMock}'s and the pact provider's ({@code
   * ServerProvider}). Both are created on first use by their classes.
   */
  private static final List<List<String>> GATE_AGENTS =
      List.of(
          List.of("contract@test.example", ServerAndMock.KEY),
          List.of("helpdesk@pact.test", ProviderStates.API_KEY));

  /** The databases recorded by this test run, one line each. */
  private static final Set<String> RECORDED = new LinkedHashSet<>();

  @Override
  public void beforeTestClass(TestContext testContext) throws Exception {
    ApplicationContext context = testContext.getApplicationContext();
    record(testContext.getTestClass(), describe(context.getBean(DataSource.class)));
    removeGateAgents(context.getBean(Agents.class), context.getBean(JdbcClient.class));
  }

  /**
   * The database's product, version and URL, as its driver reports them; fails if it is not the one
   * asked for.
   */
  static String describe(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData meta = connection.getMetaData();
      String product = meta.getDatabaseProductName();
      String expected = GateDatabase.postgres() ? "PostgreSQL" : "H2";
      if (!product.equals(expected)) {
        throw new IllegalStateException(
            "The gate's server runs on "
                + product
                + " ("
                + meta.getURL()
                + "), but "
                + GateDatabase.PROPERTY
                + " asks for "
                + expected);
      }
      return product + " " + meta.getDatabaseProductVersion() + " at " + meta.getURL();
    }
  }

  private static synchronized void record(Class<?> testClass, String database) throws IOException {
    LOG.info("The contract gate's server for {} runs on {}", testClass.getSimpleName(), database);
    String file = System.getProperty("availkit.gate.database-record");
    if (file == null || !RECORDED.add(database)) {
      return;
    }
    // The first line of this run replaces an earlier build's file.
    Files.writeString(
        Path.of(file),
        database + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        RECORDED.size() == 1 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
  }

  /**
   * Deletes the gate's agents. Each key is revoked through {@link Agents} first, so that where the
   * server keeps rows in memory (H2: {@code availkit.agent-row-cache}) every kept copy goes before
   * the row does; the delete itself is plain SQL, as the server deletes no agent (the agent's roles
   * and teams go with it: {@code ON DELETE CASCADE}).
   */
  private static void removeGateAgents(Agents agents, JdbcClient jdbc) {
    for (List<String> agent : GATE_AGENTS) {
      String email = agent.get(0);
      String key = agent.get(1);
      for (String holder :
          jdbc.sql("SELECT email FROM agents WHERE api_key = ? AND email IS NOT NULL")
              .param(key)
              .query(String.class)
              .list()) {
        agents.revokeKey(holder, OffsetDateTime.now());
      }
      agents.revokeKey(email, OffsetDateTime.now());
      jdbc.sql("DELETE FROM agents WHERE email = ? OR api_key = ?").params(email, key).update();
    }
  }
}
