package org.availkit.server.system;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded database's directory and files, for this user only: they hold agents' emails, keys
 * and secret hashes. The directory is made 0700 before the pool opens the first connection
 * (HikariCP opens none until asked), so H2 creates its files inside it; once the context has
 * started (the migrations have run), the database's files are made 0600 too. The server and the
 * {@code agents} command line both go through here. Nothing changes for PostgreSQL or an in-memory
 * database. Its two steps are public for the command line's run without a context ({@code
 * DefaultDatabase} in the cli package).
 */
@Configuration(proxyBeanMethods = false)
public class EmbeddedDatabaseFiles {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseFiles.class);

  @Bean
  static BeanPostProcessor embeddedDatabaseDirectory() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof HikariDataSource pool) {
          createDirectory(pool.getJdbcUrl());
        }
        return bean;
      }
    };
  }

  @Bean
  ApplicationListener<ApplicationStartedEvent> embeddedDatabaseFilesOwnerOnly() {
    return event -> {
      HikariDataSource pool =
          event.getApplicationContext().getBeanProvider(HikariDataSource.class).getIfAvailable();
      if (pool != null) {
        restrictFiles(pool.getJdbcUrl());
      }
    };
  }

  /**
   * Creates the directory of the embedded database that {@code jdbcUrl} names, 0700, before H2
   * opens it; nothing for another database.
   */
  public static void createDirectory(String jdbcUrl) {
    databaseFile(jdbcUrl)
        .ifPresent(
            file -> {
              try {
                OwnerOnlyFiles.directory(file.toAbsolutePath().getParent());
              } catch (IOException e) {
                throw new UncheckedIOException(
                    "Cannot create the embedded database's directory " + file.getParent(), e);
              }
            });
  }

  /**
   * Makes the files of the embedded database that {@code jdbcUrl} names 0600, once the migrations
   * have created them; nothing for another database. A file that cannot be changed is a warning.
   */
  public static void restrictFiles(String jdbcUrl) {
    Optional<Path> file = databaseFile(jdbcUrl);
    if (file.isEmpty()) {
      return;
    }
    Path dir = file.get().toAbsolutePath().getParent();
    String prefix = file.get().getFileName() + ".";
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
        OwnerOnlyFiles.restrict(f);
      }
    } catch (IOException e) {
      log.warn(
          "Could not make the embedded database's files in {} readable by this user only: {}",
          dir,
          e.toString());
    }
  }

  /**
   * The file an embedded H2 URL names, without H2's extension ({@code ./data/availability} for
   * {@code jdbc:h2:file:./data/availability;MODE=...} or {@code jdbc:h2:./data/availability}; a
   * leading {@code ~} is the home directory); empty for an in-memory, remote or other database.
   */
  public static Optional<Path> databaseFile(String jdbcUrl) {
    return H2Url.parse(jdbcUrl)
        .filter(H2Url::isFile)
        .map(H2Url::name)
        .filter(name -> !name.isEmpty())
        .map(
            name ->
                Path.of(
                    name.startsWith("~")
                        ? System.getProperty("user.home") + name.substring(1)
                        : name));
  }
}
