package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The embedded database's directory is made 0700 when the pool is created (before its first
 * connection, so H2 creates its files inside it), and the database's files 0600 once the context
 * has started; nothing is touched for any other database. Without a Spring Boot context: a pool
 * that never connects, and a context with only that pool.
 */
class EmbeddedDatabaseFilesTest {

  @TempDir Path tmp;
  private final HikariDataSource pool = new HikariDataSource();

  @AfterEach
  void closePool() {
    pool.close();
  }

  @Test
  void theDirectoryOfAFileDatabaseIsMadeTheOwnersOnlyWhenThePoolIsCreated() throws Exception {
    Path dir = tmp.resolve("data");
    pool.setJdbcUrl("jdbc:h2:file:" + dir.resolve("availability") + ";MODE=PostgreSQL");

    Object after =
        EmbeddedDatabaseFiles.embeddedDatabaseDirectory()
            .postProcessAfterInitialization(pool, "dataSource");

    assertThat(after).isSameAs(pool);
    assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(OwnerOnlyFiles.DIRECTORY);
  }

  @Test
  void noDirectoryIsMadeForAnotherDatabaseOrAnotherBean() throws Exception {
    BeanPostProcessor directory = EmbeddedDatabaseFiles.embeddedDatabaseDirectory();
    pool.setJdbcUrl("jdbc:h2:mem:availkit;DB_CLOSE_DELAY=-1");
    assertThat(directory.postProcessAfterInitialization(pool, "dataSource")).isSameAs(pool);
    Object other = new Object();
    assertThat(directory.postProcessAfterInitialization(other, "other")).isSameAs(other);
    try (var files = Files.list(tmp)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void onceStartedTheDatabasesFilesAreTheOwnersOnlyAndNothingElseIsTouched() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("data"));
    Path store = readableByAll(dir.resolve("availability.mv.db"));
    Path trace = readableByAll(dir.resolve("availability.trace.db"));
    Path other = readableByAll(dir.resolve("notes.txt"));
    Path otherDatabase = readableByAll(dir.resolve("availability2.mv.db"));
    pool.setJdbcUrl("jdbc:h2:" + dir.resolve("availability"));

    started(pool);

    assertThat(Files.getPosixFilePermissions(store)).isEqualTo(OwnerOnlyFiles.FILE);
    assertThat(Files.getPosixFilePermissions(trace)).isEqualTo(OwnerOnlyFiles.FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(other)))
        .isEqualTo("rw-r--r--");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(otherDatabase)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void anInMemoryDatabaseOrNoPoolChangesNothingAndAMissingDirectoryIsOnlyAWarning()
      throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("data"));
    Path store = readableByAll(dir.resolve("availability.mv.db"));
    pool.setJdbcUrl("jdbc:h2:mem:availability");
    started(pool);
    started(null);
    pool.setJdbcUrl("jdbc:h2:file:" + tmp.resolve("gone/availability"));
    started(pool);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void theFileIsTheUrlsNameWithTheHomeDirectoryForATilde() {
    assertThat(
            EmbeddedDatabaseFiles.databaseFile("jdbc:h2:file:./data/availability;MODE=PostgreSQL"))
        .contains(Path.of("./data/availability"));
    assertThat(EmbeddedDatabaseFiles.databaseFile("jdbc:h2:~/availability"))
        .contains(Path.of(System.getProperty("user.home") + "/availability"));
    assertThat(EmbeddedDatabaseFiles.databaseFile("jdbc:h2:file:;MODE=PostgreSQL")).isEmpty();
    assertThat(EmbeddedDatabaseFiles.databaseFile("jdbc:h2:mem:availkit")).isEmpty();
    assertThat(EmbeddedDatabaseFiles.databaseFile("jdbc:h2:tcp://db/availability")).isEmpty();
    assertThat(EmbeddedDatabaseFiles.databaseFile("jdbc:postgresql://localhost/availability"))
        .isEmpty();
  }

  private static Path readableByAll(Path file) throws Exception {
    Files.createFile(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    return file;
  }

  /**
   * What Spring Boot publishes once the context has started, for a context holding {@code pool} (or
   * none).
   */
  private static void started(HikariDataSource pool) {
    try (GenericApplicationContext context = new GenericApplicationContext()) {
      if (pool != null) {
        context.registerBean(
            HikariDataSource.class, () -> pool, bean -> bean.setDestroyMethodName(""));
      }
      context.refresh();
      new EmbeddedDatabaseFiles()
          .embeddedDatabaseFilesOwnerOnly()
          .onApplicationEvent(
              new ApplicationStartedEvent(
                  new SpringApplication(), new String[0], context, Duration.ZERO));
    }
  }
}
