package org.availkit.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.availkit.server.agent.AgentAdmin;
import org.availkit.server.system.EmbeddedDatabaseFiles;
import org.availkit.server.system.MicrosecondClock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
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
 * this command, and that file sets nothing for it but the database's URL, user and password ({@link
 * Settings#of}), so that both ways run on the same database with the same settings. Anything else
 * goes through the context, as it did before: any {@code --key=value}; a variable or system
 * property named {@code SPRING…}, {@code AVAILKIT…} or {@code LOGGING…} in any case, or {@code
 * DEBUG} or {@code TRACE}; an {@code application*} file where Spring Boot looks for one ({@code
 * ./}, {@code ./config/}, {@code ./config/}{@code *}{@code /}). So does a database that does not
 * exist yet, whose migrations are not all applied, or whose applied scripts no longer match the
 * jar's (Flyway's checksums): the context's Flyway creates, migrates or refuses it, and the next
 * command runs here.
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
   * A name that Spring Boot could bind to a setting of the command's context: the {@code spring.*}
   * and {@code availkit.*} properties in any of the relaxed forms ({@code SPRING_DATASOURCE_URL},
   * {@code spring.datasource.url}, {@code SPRING_APPLICATION_JSON}, {@code
   * SPRING_PROFILES_ACTIVE}), and logging's ({@code LOGGING_LEVEL_ROOT=DEBUG}, {@code DEBUG},
   * {@code TRACE}), which only the context's logging system reads.
   */
  private static boolean springSetting(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return upper.startsWith("SPRING")
        || upper.startsWith("AVAILKIT")
        || upper.startsWith("LOGGING")
        || upper.equals("DEBUG")
        || upper.equals("TRACE");
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

    /**
     * The keys of the jar's {@code application.yml} that concern a command without a context: the
     * database's own, and those that would change how Spring Boot reads, migrates or writes it.
     */
    private static final List<String> CONCERNING =
        List.of(
            "spring.datasource.",
            "spring.flyway.",
            "spring.jdbc.",
            "spring.sql.",
            "spring.transaction.",
            "spring.profiles.",
            "spring.config.",
            "availkit.");

    /**
     * Of those, the ones a command without a context takes as they are (the connection's) or may
     * leave aside (the pool's waits: one connection, opened once, has no pool to wait for).
     */
    private static final List<String> UNDERSTOOD =
        List.of(
            "spring.datasource.url",
            "spring.datasource.username",
            "spring.datasource.password",
            "spring.datasource.hikari.connection-timeout",
            "spring.datasource.hikari.validation-timeout");

    static Optional<Settings> ofJar() {
      try (InputStream yml = DefaultDatabase.class.getResourceAsStream("/application.yml")) {
        return yml == null ? Optional.empty() : of(yml);
      } catch (IOException e) {
        return Optional.empty();
      }
    }

    /**
     * The settings of one YAML document, flattened to Spring Boot's dotted keys (so {@code
     * spring.profiles.active: x} at the top counts as much as nested); empty unless every key that
     * concerns the command is one it understands. Several documents (profile sections) or a file
     * that does not parse: empty, and the context reads it.
     */
    static Optional<Settings> of(InputStream yml) {
      List<Object> documents = new ArrayList<>();
      try {
        new Yaml(new LoaderOptions()).loadAll(yml).forEach(documents::add);
      } catch (RuntimeException e) {
        return Optional.empty();
      }
      if (documents.size() != 1) {
        return Optional.empty();
      }
      Map<String, Object> flat = new LinkedHashMap<>();
      flatten("", documents.get(0), flat);
      boolean allUnderstood =
          flat.keySet().stream()
              .filter(key -> CONCERNING.stream().anyMatch(key::startsWith))
              .allMatch(UNDERSTOOD::contains);
      if (!allUnderstood || !(flat.get("spring.datasource.url") instanceof String url)) {
        return Optional.empty();
      }
      return Optional.of(
          new Settings(
              url,
              text(flat.get("spring.datasource.username")),
              text(flat.get("spring.datasource.password"))));
    }

    private static void flatten(String prefix, Object value, Map<String, Object> into) {
      if (value instanceof Map<?, ?> map) {
        map.forEach((key, child) -> flatten(prefix + key + ".", child, into));
      } else {
        into.put(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), value);
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
          new TransactionTemplate(new JdbcTransactionManager(dataSource))
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
   * Whether Flyway has applied every migration of the jar as it is now, and none failed: its
   * history's versioned rows are the migrations' files, each with the checksum Flyway computes for
   * the file (so an edited migration goes through the context, whose Flyway refuses it).
   */
  static boolean migrated(Connection connection) throws SQLException {
    Optional<Map<String, Integer>> scripts = migrationScripts();
    if (scripts.isEmpty()) {
      return false;
    }
    Map<String, Integer> applied = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT script, checksum, success FROM flyway_schema_history"
                    + " WHERE version IS NOT NULL")) {
      while (rows.next()) {
        if (!rows.getBoolean(3)) {
          return false;
        }
        int checksum = rows.getInt(2);
        applied.put(rows.getString(1), rows.wasNull() ? null : checksum);
      }
    } catch (SQLException e) {
      return false; // no history table: a database Flyway has not migrated
    }
    return applied.equals(scripts.get());
  }

  /**
   * The migrations' file names ({@code V1__agents.sql}) and their checksums, from the one
   * class-path location that holds them as the build laid it out: a directory (the tests), a jar
   * ({@code server/run}'s extracted layout), or the server jar's nested {@code BOOT-INF/classes}.
   * Empty when they cannot be listed, or when the location holds anything but versioned SQL
   * migrations (a subdirectory, a Java migration, a repeatable one): Flyway would see more than
   * this reads.
   */
  static Optional<Map<String, Integer>> migrationScripts() {
    try {
      List<URL> locations =
          Collections.list(DefaultDatabase.class.getClassLoader().getResources(MIGRATIONS));
      if (locations.size() != 1) {
        return Optional.empty();
      }
      URL location = locations.get(0);
      Map<String, Integer> scripts = new HashMap<>();
      if (location.getProtocol().equals("file")) {
        try (Stream<Path> files = Files.list(Path.of(location.toURI()))) {
          for (Path file : files.toList()) {
            String name = file.getFileName().toString();
            if (!isMigration(name) || !Files.isRegularFile(file)) {
              return Optional.empty();
            }
            try (InputStream in = Files.newInputStream(file)) {
              scripts.put(name, flywayChecksum(in));
            }
          }
        }
        return Optional.of(scripts);
      }
      URLConnection connection = location.openConnection();
      if (!(connection instanceof JarURLConnection jar)) {
        return Optional.empty();
      }
      String prefix = jar.getEntryName() + "/";
      // Spring Boot's loader shares the jar it opened for classes: not closed here.
      JarFile file = jar.getJarFile();
      for (JarEntry entry : Collections.list(file.entries())) {
        String name = entry.getName();
        if (!name.startsWith(prefix) || name.equals(prefix)) {
          continue;
        }
        String rest = name.substring(prefix.length());
        if (!isMigration(rest)) {
          return Optional.empty();
        }
        try (InputStream in = file.getInputStream(entry)) {
          scripts.put(rest, flywayChecksum(in));
        }
      }
      return Optional.of(scripts);
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Flyway's checksum of a SQL migration: CRC-32 of the file's lines in UTF-8 without their line
   * breaks, a byte-order mark dropped from the first (Flyway's {@code
   * LoadableResource.calculateChecksum}). {@link #migrated}'s test compares it with what Flyway
   * stores.
   */
  static int flywayChecksum(InputStream in) throws IOException {
    CRC32 crc = new CRC32();
    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line = lines.readLine();
    if (line != null && line.startsWith("\uFEFF")) {
      line = line.substring(1);
    }
    for (; line != null; line = lines.readLine()) {
      crc.update(line.getBytes(StandardCharsets.UTF_8));
    }
    return (int) crc.getValue();
  }

  /** Flyway's versioned SQL migrations: {@code V<version>__<description>.sql}. */
  private static boolean isMigration(String name) {
    return name.startsWith("V") && name.contains("__") && name.endsWith(".sql");
  }
}
