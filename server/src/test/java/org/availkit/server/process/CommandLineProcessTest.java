package org.availkit.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.availkit.contract.testing.TestProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command line as operators run it ({@code java -jar availability-server.jar agents ...}, in a
 * working directory of its own, on the embedded database of the jar's settings): once the database
 * exists and is migrated, a command runs without the application's context (the cli package's
 * {@code DefaultDatabase}) and answers exactly as through the context, which a {@code --key=value}
 * setting still selects. The JVM's class-loading log tells which way each command went.
 */
@DisabledOnOs(OS.WINDOWS)
@DisabledIfSystemProperty(
    named = "availkit.test.postgres",
    matches = "true",
    disabledReason = "on the embedded database only: PostgreSQL always goes through the context")
class CommandLineProcessTest {

  /** Loaded by every start of the context, never without it. */
  private static final String CONTEXT = "org.springframework.boot.SpringApplication ";

  /** A setting that changes nothing (the jar sets it too) but takes the context's way. */
  private static final String THROUGH_CONTEXT = "--spring.main.banner-mode=off";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path tmp;

  private int runs;

  record Run(int exit, String out, String err, boolean context) {}

  private Run agents(Path work, String... args) throws Exception {
    return agentsWithInput(work, "", args);
  }

  private Run agentsWithInput(Path work, String input, String... args) throws Exception {
    Path classLog = tmp.resolve("classes-" + ++runs + ".log");
    Path errors = tmp.resolve("errors-" + runs + ".log");
    List<String> command =
        new ArrayList<>(
            List.of(
                "-Xlog:class+load=info:file=" + classLog,
                "-jar",
                ServerProcess.JAR.toString(),
                "agents"));
    command.addAll(List.of(args));
    try (TestProcess cli =
        TestProcess.java(command.toArray(String[]::new))
            .directory(work)
            .errorsTo(errors)
            .input(input)
            .start()) {
      assertThat(cli.waitFor(Duration.ofMinutes(5))).isTrue();
      boolean context;
      try (Stream<String> lines = Files.lines(classLog)) {
        context = lines.anyMatch(line -> line.contains(CONTEXT));
      }
      return new Run(
          cli.exitValue(),
          cli.text().strip(),
          Files.readString(errors, StandardCharsets.UTF_8).strip(),
          context);
    }
  }

  @Test
  void onTheMigratedDatabaseCommandsRunWithoutTheContextAndAnswerAsThroughIt() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("work"));

    // The first command finds no database: the context's Flyway creates and migrates it.
    Run first = agents(work, "create", "--email", "ann@example.com", "--first-name", "Ann");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.context()).isTrue();

    Run created =
        agents(
            work,
            "create",
            "--email",
            "Bob@Example.com",
            "--first-name",
            "Bob",
            "--role",
            "admin",
            "--team",
            "Support");
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.context()).isFalse();
    // Logs at WARN and above only, as through the context: nothing here.
    assertThat(created.err()).isEmpty();
    assertThat(created.out()).contains("\"id\":2", "\"api_key\":\"ak_", "\"api_secret\":\"as_");

    Run listed = agents(work, "list");
    Run listedThroughContext = agents(work, "list", THROUGH_CONTEXT);
    assertThat(listed.context()).isFalse();
    assertThat(listedThroughContext.context()).isTrue();
    assertThat(listed.out())
        .isEqualTo(listedThroughContext.out())
        .contains(
            "\"email\":\"bob@example.com\"", "\"roles\":[\"admin\"]", "\"teams\":[\"Support\"]");

    // Failures answer alike, and change nothing: a create that fails leaves no row behind.
    for (String[] failing :
        List.of(
            new String[] {"create", "--email", "BOB@example.com", "--first-name", "B"},
            new String[] {
              "create", "--email", "cy@example.com", "--first-name", "C", "--role", "x"
            },
            new String[] {"disable", "--email", "nobody@example.com"})) {
      Run direct = agents(work, failing);
      List<String> withContext = new ArrayList<>(List.of(failing));
      withContext.add(THROUGH_CONTEXT);
      Run throughContext = agents(work, withContext.toArray(String[]::new));
      assertThat(direct.context()).isFalse();
      assertThat(direct.exit()).isEqualTo(throughContext.exit()).isEqualTo(1);
      assertThat(lastLine(direct.err())).isEqualTo(lastLine(throughContext.err()));
      assertThat(direct.out()).isEmpty();
    }
    // An import is one transaction: its second line's duplicate takes the first line back.
    Run imported =
        agentsWithInput(
            work,
            "{\"email\":\"dee@example.com\",\"first_name\":\"Dee\"}\n"
                + "{\"email\":\"bob@example.com\",\"first_name\":\"Bob\"}\n",
            "import");
    assertThat(imported.context()).isFalse();
    assertThat(imported.exit()).as(imported.err()).isEqualTo(1);
    assertThat(lastLine(imported.err())).contains("Agent 2: ", "Nothing was imported.");
    assertThat(agents(work, "list").out()).isEqualTo(listed.out());

    // An operation through the context and one without it see each other's writes.
    Run disabled = agents(work, "disable", "--email", "ann@example.com");
    assertThat(disabled.context()).isFalse();
    assertThat(disabled.out()).contains("\"enabled\":false");
    assertThat(agents(work, "list", THROUGH_CONTEXT).out()).contains("\"enabled\":false");

    // A key rotated and one revoked without the context: the context's list sees both.
    Run rotated = agents(work, "rotate-key", "--email", "bob@example.com");
    assertThat(rotated.context()).isFalse();
    String newKey = JSON.readTree(rotated.out()).get("api_key").asText();
    Run revoked = agents(work, "revoke-key", "--email", "ann@example.com");
    assertThat(revoked.context()).isFalse();
    assertThat(revoked.out()).contains("\"api_key\":null");
    assertThat(agents(work, "list", THROUGH_CONTEXT).out())
        .contains("\"api_key\":\"" + newKey + "\"", "\"api_key\":null");

    // Files opened up by hand are made private again, and the INFO line that says so is below the
    // WARN of both ways: nothing on standard error.
    Path data = work.resolve("data");
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (Stream<Path> files = Files.list(data)) {
      for (Path file : files.toList()) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      }
    }
    Run relisted = agents(work, "list");
    assertThat(relisted.context()).isFalse();
    assertThat(relisted.err()).isEmpty();
    assertPrivate(data);
  }

  @Test
  void theLauncherRunsCommandsWithoutTheContextToo() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("launcher"));
    assertThat(agents(work, "create", "--email", "eve@example.com", "--first-name", "Eve").exit())
        .isZero();
    Path classLog = tmp.resolve("launcher-classes.log");
    // server/run reads the migrations from the extracted layout's application jar (a jar: URL,
    // not the fat jar's nested one).
    try (TestProcess cli =
        TestProcess.command(List.of(Path.of("run").toAbsolutePath().toString(), "agents", "list"))
            .directory(work)
            .environment("JAVA_HOME", System.getProperty("java.home"))
            .environment("JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog)
            .errorsTo(tmp.resolve("launcher-errors.log"))
            .start()) {
      assertThat(cli.waitFor(Duration.ofMinutes(5))).isTrue();
      assertThat(cli.exitValue()).isZero();
      assertThat(cli.text()).contains("\"email\":\"eve@example.com\"");
    }
    try (Stream<String> lines = Files.lines(classLog)) {
      assertThat(lines.noneMatch(line -> line.contains(CONTEXT))).isTrue();
    }
  }

  @Test
  void aSettingInTheWorkingDirectoryGoesThroughTheContext() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("configured"));
    assertThat(agents(work, "list").exit()).isZero();
    assertThat(agents(work, "list").context()).as("the database exists: without").isFalse();
    Files.writeString(work.resolve("application.properties"), "spring.main.banner-mode=off\n");

    Run listed = agents(work, "list");

    assertThat(listed.exit()).as(listed.err()).isZero();
    assertThat(listed.context()).isTrue();
  }

  private static String lastLine(String text) {
    List<String> lines = text.lines().toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  private static void assertPrivate(Path data) throws IOException {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
        .isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(data)) {
      for (Path file : files.toList()) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
            .as(file.toString())
            .isEqualTo("rw-------");
      }
    }
  }
}
