package org.availkit.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.availkit.server.cli.DefaultDatabase.Settings;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.env.StandardEnvironment;

/**
 * When the command line runs without the application's context ({@link DefaultDatabase}): only on
 * the settings the context would read from the jar alone, and only on a database whose migrations
 * have all been applied. The runs themselves, through the jar, are in {@code
 * CommandLineProcessTest}.
 */
class DefaultDatabaseTest {

  @TempDir Path workingDirectory;

  private static final Properties NO_PROPERTIES = new Properties();

  private Settings onDefaults() {
    return DefaultDatabase.settings(List.of(), Map.of(), NO_PROPERTIES, workingDirectory)
        .orElseThrow();
  }

  @Test
  void theSettingsAreTheOnesSpringBootReadsFromTheJar() {
    // Spring Boot's own reading of its config files, as the context's run does it, with nothing
    // from this JVM's system properties and environment (the build sets the test profile there).
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    ConfigDataEnvironmentPostProcessor.applyTo(environment);

    Settings settings = onDefaults();

    assertThat(settings.url()).isEqualTo(environment.getProperty("spring.datasource.url"));
    assertThat(settings.username())
        .isEqualTo(environment.getProperty("spring.datasource.username"));
    assertThat(settings.password())
        .isEqualTo(environment.getProperty("spring.datasource.password"));
    assertThat(settings.storeFile()).isEqualTo(Path.of("./data/availability.mv.db"));
  }

  @Test
  void anySettingGivenAnotherWayGoesThroughTheContext() throws Exception {
    assertThat(
            DefaultDatabase.settings(
                List.of("--spring.profiles.active=postgres"),
                Map.of(),
                NO_PROPERTIES,
                workingDirectory))
        .isEmpty();
    for (String variable :
        List.of(
            "SPRING_DATASOURCE_URL",
            "SPRING_APPLICATION_JSON",
            "spring_profiles_active",
            "AVAILKIT_AGENT_ROW_CACHE",
            "LOGGING_LEVEL_ROOT",
            "DEBUG")) {
      assertThat(
              DefaultDatabase.settings(
                  List.of(), Map.of(variable, "x"), NO_PROPERTIES, workingDirectory))
          .as(variable)
          .isEmpty();
    }
    Properties property = new Properties();
    property.setProperty("spring.profiles.active", "postgres");
    assertThat(DefaultDatabase.settings(List.of(), Map.of(), property, workingDirectory)).isEmpty();
    // Unrelated variables and properties leave the defaults as they are.
    Properties unrelated = new Properties();
    unrelated.setProperty("user.home", "/home/someone");
    assertThat(
            DefaultDatabase.settings(
                List.of(),
                Map.of("HOME", "/home/someone", "JAVA_OPTS", ""),
                unrelated,
                workingDirectory))
        .isPresent();
  }

  @Test
  void anApplicationFileWhereSpringBootLooksGoesThroughTheContext() throws Exception {
    assertThat(DefaultDatabase.hasConfigFile(workingDirectory)).isFalse();
    Files.createDirectories(workingDirectory.resolve("config/other"));
    Files.writeString(workingDirectory.resolve("config/other/unrelated.txt"), "");
    assertThat(DefaultDatabase.hasConfigFile(workingDirectory)).isFalse();

    for (String file :
        List.of(
            "application.properties", "config/application.yml", "config/site/application.yaml")) {
      Path dir = Files.createTempDirectory(workingDirectory, "wd");
      Path config = dir.resolve(file);
      Files.createDirectories(config.getParent());
      Files.writeString(config, "spring.datasource.url=jdbc:h2:mem:other\n");
      assertThat(DefaultDatabase.settings(List.of(), Map.of(), NO_PROPERTIES, dir))
          .as(file)
          .isEmpty();
    }
  }

  @Test
  void theMigrationsAreTheJarsScripts() {
    assertThat(DefaultDatabase.migrationScripts().orElseThrow()).containsOnlyKeys("V1__agents.sql");
  }

  @Test
  void onlyAJarFileOfSettingsThatACommandUnderstandsIsTakenWithoutTheContext() {
    String url = "jdbc:h2:file:./data/x";
    assertThat(settingsOf("spring:\n  datasource:\n    url: " + url + "\n"))
        .contains(new Settings(url, "", ""));
    assertThat(
            settingsOf(
                "spring:\n  datasource:\n    url: "
                    + url
                    + "\n    hikari:\n      connection-timeout: 500\n"
                    + "server:\n  port: 8080\n"))
        .isPresent();
    for (String yml :
        List.of(
            // a setting of the database a command would leave aside
            "spring:\n  datasource:\n    url: " + url + "\n    driver-class-name: x.Driver\n",
            "spring:\n  datasource:\n    url: "
                + url
                + "\n    hikari:\n      data-source-properties:\n        AUTO_SERVER: TRUE\n",
            "spring:\n  datasource:\n    url: " + url + "\n  flyway:\n    table: history\n",
            // a profile, nested or flat, and profile sections
            "spring.profiles.active: postgres\nspring:\n  datasource:\n    url: " + url + "\n",
            "spring:\n  datasource:\n    url: "
                + url
                + "\n---\nspring:\n  config:\n    activate:\n      on-profile: x\n",
            "availkit:\n  agent-row-cache: false\nspring:\n  datasource:\n    url: " + url + "\n",
            // no URL, and no YAML
            "spring:\n  main:\n    banner-mode: off\n",
            "spring: [unclosed\n")) {
      assertThat(settingsOf(yml)).as(yml).isEmpty();
    }
  }

  private static java.util.Optional<Settings> settingsOf(String yml) {
    return Settings.of(
        new java.io.ByteArrayInputStream(yml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void onlyADatabaseWithEveryMigrationAppliedIsUsedWithoutTheContext() throws Exception {
    String url =
        "jdbc:h2:mem:" + getClass().getSimpleName() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
      assertThat(DefaultDatabase.migrated(connection)).as("no history").isFalse();

      Flyway.configure().dataSource(url, "sa", "").load().migrate();
      assertThat(DefaultDatabase.migrated(connection)).as("migrated").isTrue();

      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate(
            "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
        assertThat(DefaultDatabase.migrated(connection)).as("a migration edited").isFalse();
        statement.executeUpdate(
            "UPDATE flyway_schema_history SET checksum = checksum - 1, success = FALSE"
                + " WHERE version = '1'");
        assertThat(DefaultDatabase.migrated(connection)).as("a failed migration").isFalse();
        statement.executeUpdate("UPDATE flyway_schema_history SET success = TRUE");
        assertThat(DefaultDatabase.migrated(connection)).as("as Flyway left it").isTrue();
        statement.executeUpdate("DELETE FROM flyway_schema_history WHERE version = '1'");
      }
      assertThat(DefaultDatabase.migrated(connection)).as("a migration not applied").isFalse();
    }
  }
}
