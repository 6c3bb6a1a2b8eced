package org.availkit.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.availkit.server.agent.AgentAdmin;
import org.availkit.server.system.EmbeddedDatabaseFiles;
import org.availkit.server.system.MicrosecondClock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The command line on the embedded database of the jar's own settings, without Spring's application
 * context: one H2 connection, the same {@link AgentAdmin}, one transaction. A command through
 * {@link CommandLineContext} spent about three seconds of its four starting a context (Spring
 * Boot's environment, logging, the configuration properties' validator, the pool, Flyway) for a few
 * statements ({@code bench/README.md}, "Server start").
 *
 * <p>Taken only when the context would have read nothing but the jar's {@code application.yml} for
 * this command, so that both ways run on the same database with the same settings; anything else
 * (any {@code --key=value}, a {@code SPRING_*} or {@code AVAILKIT_*} variable, a {@code spring.*}
 * or {@code availkit.*} system property, an {@code application.*} file where Spring Boot looks for
 * one: {@code ./}, {@code ./config/}, {@code ./config/}{@code *}{@code /}) goes through the
 * context, as it did before. So does a database that does not exist yet or whose migrations are not
 * all applied (the context's Flyway creates and migrates it); the next command then runs here.
 * Flyway's validation of the applied scripts' checksums is left to the server, which runs it at
 * every start.
 */
final class DefaultDatabase {

  /** Where Flyway finds the migrations (its default location, which the server uses). */
  static final String MIGRATIONS = "db/migration";

  private DefaultDatabase() {}

  /**
   * The embedded database's URL, username and password that the context would use, when nothing but
   * the jar's settings set them; empty when anything else might.
   *
   * @param springArgs the {@code --key=value} settings given after the command
   * @param environment the process's environment
   * @param systemProperties the JVM's system properties
   * @param workingDirectory where Spring Boot looks for {@code application.*} files
   */
  static Optional<Settings> settings(
      List<String> springArgs,
      Map<String, String> environment,
      Properties systemProperties,
      Path workingDirectory) {
    if (!springArgs.isEmpty()
        || environment.keySet().stream().anyMatch(DefaultDatabase::springSetting)
        || systemProperties.stringPropertyNames().stream().anyMatch(DefaultDatabase::springSetting)
        || hasConfigFile(workingDirectory)) {
      return Optional.empty();
    }
    return Settings.ofJar().filter(Settings::embeddedFile);
  }

  /**
   * A name that Spring Boot could bind to a setting of the command's context (the {@code spring.*}
   * and {@code availkit.*} properties in any of the relaxed forms: {@code SPRING_DATASOURCE_URL},
   * {@code spring.datasource.url}, {@code SPRING_APPLICATION_JSON}, {@code
   * SPRING_PROFILES_ACTIVE}).
   */
  private static boolean springSetting(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return upper.startsWith("SPRING") || upper.startsWith("AVAILKIT");
  }

  /**
   * Whether Spring Boot's default config locations in the working directory hold an {@code
   * application*} file ({@code optional:file:./;optional:file:./config/;optional:file:./config/}
   * {@code *}{@code /}, Spring Boot's "Externalized Configuration").
   */
  static boolean hasConfigFile(Path workingDirectory) {
    Path config = workingDirectory.resolve("config");
    try {
      if (hasApplicationFile(workingDirectory) || hasApplicationFile(config)) {
        return true;
      }
      if (!Files.isDirectory(config)) {
        return false;
      }
      try (Stream<Path> children = Files.list(config)) {
        return children.filter(Files::isDirectory).anyMatch(DefaultDatabase::hasApplicationFile);
      }
    } catch (IOException | UncheckedIOException e) {
      return true; // cannot tell: the context reads them as it always did
    }
  }

  private static boolean hasApplicationFile(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.getFileName().toString().startsWith("application"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The datasource settings of the jar's {@code application.yml}.
   *
   * @param url {@code spring.datasource.url}
   * @param username {@code spring.datasource.username}
   * @param password {@code spring.datasource.password}
   */
  record Settings(String url, String username, String password) {

    static Optional<Settings> ofJar() {
      try (InputStream yml = DefaultDatabase.class.getResourceAsStream("/application.yml")) {
        if (yml == null) {
          return Optional.empty();
        }
        Map<?, ?> root = new Yaml(new LoaderOptions()).load(yml);
        Function<String, Object> datasource =
            key -> child(child(child(root, "spring"), "datasource"), key);
        if (child(child(root, "spring"), "profiles") != null
            || child(child(root, "spring"), "config") != null
            || !(datasource.apply("url") instanceof String url)) {
          return Optional.empty();
        }
        return Optional.of(
            new Settings(
                url, text(datasource.apply("username")), text(datasource.apply("password"))));
      } catch (IOException e) {
        return Optional.empty();
      }
    }

    /** Whether the URL names an embedded H2 file database. */
    boolean embeddedFile() {
      return EmbeddedDatabaseFiles.databaseFile(url).isPresent();
    }

    /** The file H2 keeps the database in ({@code ./data/availability.mv.db}). */
    Path storeFile() {
      Path file = EmbeddedDatabaseFiles.databaseFile(url).orElseThrow();
      return file.resolveSibling(file.getFileName() + ".mv.db");
    }

    private static Object child(Object map, String key) {
      return map instanceof Map<?, ?> m ? m.get(key) : null;
    }

    private static String text(Object value) {
      return value == null ? "" : value.toString();
    }
  }

  /**
   * Runs {@code command} on the database in one transaction, or returns empty without running it
   * when the database does not exist yet or has migrations to apply (the context then runs it).
   * Each command is one transaction here, as it is through the context ({@code import}'s one
   * transaction, {@code create}'s).
   */
  static Optional<Object> run(Settings settings, Function<AgentAdmin, Object> command)
      throws SQLException {
    if (!Files.isRegularFile(settings.storeFile())) {
      return Optional.empty();
    }
    EmbeddedDatabaseFiles.createDirectory(settings.url());
    Properties credentials = new Properties();
    credentials.setProperty("user", settings.username());
    credentials.setProperty("password", settings.password());
    // H2's own driver, not DriverManager's, which loads every driver of the class path first
    // (PostgreSQL's too). By name: H2 is a runtime dependency, as for the context's pool.
    try (Connection connection = h2Driver().connect(settings.url(), credentials)) {
      if (!migrated(connection)) {
        return Optional.empty();
      }
      SingleConnectionDataSource dataSource = new SingleConnectionDataSource(connection, true);
      AgentAdmin admin =
          AgentAdmin.withoutContext(new JdbcTemplate(dataSource), new MicrosecondClock());
      Object answer =
          new TransactionTemplate(new DataSourceTransactionManager(dataSource))
              .execute(status -> command.apply(admin));
      return Optional.of(answer);
    } finally {
      EmbeddedDatabaseFiles.restrictFiles(settings.url());
    }
  }

  private static Driver h2Driver() {
    try {
      return (Driver) Class.forName("org.h2.Driver").getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("H2's driver is not on the class path", e);
    }
  }

  /**
   * Whether Flyway has applied every migration of the jar, and none failed: the scripts of its
   * history's successful versioned rows are the migrations' files.
   */
  static boolean migrated(Connection connection) throws SQLException {
    Optional<Set<String>> scripts = migrationScripts();
    if (scripts.isEmpty()) {
      return false;
    }
    Set<String> applied = new HashSet<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT script, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
      while (rows.next()) {
        if (!rows.getBoolean(2)) {
          return false;
        }
        applied.add(rows.getString(1));
      }
    } catch (SQLException e) {
      return false; // no history table: a database Flyway has not migrated
    }
    return applied.equals(scripts.get());
  }

  /**
   * The migrations' file names ({@code V1__agents.sql}), from the class path as the build laid it
   * out: a directory (the tests), a jar, or the server jar's nested {@code BOOT-INF/classes}; empty
   * when they cannot be listed.
   */
  static Optional<Set<String>> migrationScripts() {
    URL location = DefaultDatabase.class.getClassLoader().getResource(MIGRATIONS);
    if (location == null) {
      return Optional.empty();
    }
    try {
      if (location.getProtocol().equals("file")) {
        try (Stream<Path> files = Files.list(Path.of(location.toURI()))) {
          return Optional.of(
              files
                  .map(f -> f.getFileName().toString())
                  .filter(DefaultDatabase::isMigration)
                  .collect(java.util.stream.Collectors.toSet()));
        }
      }
      URLConnection connection = location.openConnection();
      if (!(connection instanceof JarURLConnection jar)) {
        return Optional.empty();
      }
      String prefix = jar.getEntryName() + "/";
      JarFile file = jar.getJarFile();
      try {
        Set<String> names = new HashSet<>();
        for (JarEntry entry : Collections.list(file.entries())) {
          String name = entry.getName();
          if (name.startsWith(prefix)) {
            String rest = name.substring(prefix.length());
            if (!rest.contains("/") && isMigration(rest)) {
              names.add(rest);
            }
          }
        }
        return Optional.of(names);
      } finally {
        if (!jar.getUseCaches()) {
          file.close();
        }
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Flyway's versioned SQL migrations: {@code V<version>__<description>.sql}. */
  private static boolean isMigration(String name) {
    return name.startsWith("V") && name.contains("__") && name.endsWith(".sql");
  }
}
