package org.availkit.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.server.ApiIntegrationTest;
import org.availkit.server.TestAgents.TestAgent;
import org.availkit.server.agent.AgentRepository.KeyRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Agents' rows kept in memory (Agents, KeyRecordCache): on the embedded database a repeated lookup
 * reads nothing, and every write shows on the next lookup, once committed; on PostgreSQL
 * (-Ppostgres), which other processes write, every lookup reads the database.
 */
class AgentRowCacheIntegrationTest extends ApiIntegrationTest {

  @Autowired Agents repository;
  @Autowired AgentRepository sql;
  @Autowired DataSource dataSource;
  @Autowired PlatformTransactionManager transactions;
  TestAgent agent;

  @BeforeEach
  void createAgent() {
    agent = agents.create();
  }

  private KeyRecord lookUp() {
    return repository.findKey(agent.id(), agent.key()).orElseThrow();
  }

  private AvailabilityStatus status(KeyRecord key) {
    return repository.details(key.agent()).availabilityStatus();
  }

  @Test
  void aRepeatedLookupIsAnsweredFromMemoryOnlyOnTheEmbeddedDatabase() throws SQLException {
    String url;
    try (Connection connection = dataSource.getConnection()) {
      url = connection.getMetaData().getURL();
    }
    KeyRecord first = lookUp();
    KeyRecord second = lookUp();
    if (url.startsWith("jdbc:postgresql:")) {
      assertThat(second).isNotSameAs(first);
    } else {
      assertThat(url).startsWith("jdbc:h2:mem:");
      assertThat(second).isSameAs(first);
    }
    assertThat(second.agentId()).isEqualTo(agent.id());
  }

  @Test
  void eachKindOfWriteShowsOnTheNextLookup() {
    lookUp();
    repository.setStatus(agent.id(), AvailabilityStatus.BUSY, OffsetDateTime.now());
    assertThat(status(lookUp())).isEqualTo(AvailabilityStatus.BUSY);

    OffsetDateTime used = OffsetDateTime.now().withNano(0);
    assertThat(repository.recordKeyUse(agent.id(), used, used)).isTrue();
    assertThat(lookUp().agent().apiKeyLastUsedAt()).isEqualTo(used);

    agents.admin().disable(agent.email());
    assertThat(lookUp().agent().enabled()).isFalse();

    agents.admin().revokeKey(agent.email());
    assertThat(repository.findKey(agent.id(), agent.key())).isEmpty();
    assertThat(repository.findKey(agent.key())).isEmpty();
  }

  /**
   * A status change and a key's use change the kept copy rather than drop it: the next lookup reads
   * nothing (a change made behind the server's back does not show), and the copy is the row the
   * database holds.
   */
  @Test
  void aStatusChangeOrAKeyUseChangesTheKeptRowToTheOneWritten() throws SQLException {
    lookUp();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    repository.setStatus(agent.id(), AvailabilityStatus.BUSY, now);
    assertThat(repository.recordKeyUse(agent.id(), now.plusSeconds(1), now.plusSeconds(1)))
        .isTrue();
    KeyRecord database = sql.findKey(agent.id()).orElseThrow();
    assertThat(database.agent().availabilityStatus()).isEqualTo(AvailabilityStatus.BUSY);

    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      assertThat(
              statement.executeUpdate(
                  "UPDATE agents SET first_name = 'Behind' WHERE id = " + agent.id()))
          .isOne();
    }
    KeyRecord next = lookUp();
    if (url().startsWith("jdbc:postgresql:")) {
      assertThat(next.agent().firstName()).isEqualTo("Behind");
    } else {
      assertThat(next).as("answered from memory, the row written").isEqualTo(database);
    }
  }

  private String url() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return connection.getMetaData().getURL();
    }
  }

  @Test
  void aWriteShowsOnlyOnceCommittedAndNotAtAllWhenRolledBack() {
    lookUp();
    TransactionTemplate transaction = new TransactionTemplate(transactions);
    transaction.executeWithoutResult(
        tx -> {
          repository.setStatus(agent.id(), AvailabilityStatus.AWAY, OffsetDateTime.now());
          assertThat(status(lookUp()))
              .as("inside the transaction")
              .isEqualTo(AvailabilityStatus.AWAY);
          tx.setRollbackOnly();
        });
    assertThat(status(lookUp())).as("rolled back").isEqualTo(AvailabilityStatus.OFFLINE);

    transaction.executeWithoutResult(
        tx -> repository.setStatus(agent.id(), AvailabilityStatus.AWAY, OffsetDateTime.now()));
    assertThat(status(lookUp())).as("committed").isEqualTo(AvailabilityStatus.AWAY);
  }
}
