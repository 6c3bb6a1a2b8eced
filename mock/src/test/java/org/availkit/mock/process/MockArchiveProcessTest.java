package org.availkit.mock.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.availkit.contract.testing.AgentFixtures;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ExtractedArchive;
import org.availkit.contract.testing.TestProcess;
import org.availkit.mock.AvailabilityMock;
import org.availkit.mock.ClassArchiveTraining;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The self-contained archive ({@code target/availability-mock-<version>-linux-x64.tar.gz}, built by
 * dist/build-archive at package time), extracted under target/ and started with its launcher where
 * no JDK is reachable: an environment of its own ({@code env -i}) whose PATH has only the few
 * commands the launcher runs and no JAVA_HOME; then, where a private mount namespace can be made
 * (root), with the machine's JDKs hidden under an empty /usr/lib/jvm as well. It must answer the
 * class-archive training's exchanges as the jar does, with its classes from the class archive made
 * for its runtime.
 */
@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
class MockArchiveProcessTest {

  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final Pattern BANNER =
      Pattern.compile("Availability mock on http://localhost:(\\d+)");
  private static final String MOCK_CLASS = AvailabilityMock.class.getName() + " source: ";

  private static Path launcher;
  private static Path toolsOnly;

  @BeforeAll
  static void extract() throws Exception {
    assumeFalse(Boolean.getBoolean("archive.skip"), "the build was told to skip the archives");
    ExtractedArchive archive = ExtractedArchive.of(TARGET, "availability-mock");
    launcher = archive.launcher();
    toolsOnly = archive.launcherCommandsOnly();
  }

  @Test
  void runsWithNoJavaOnThePathAndNoJavaHome() throws Exception {
    List<String> noJava = List.of("/usr/bin/env", "-i", "PATH=" + toolsOnly);
    assertThat(exitCode(concat(noJava, List.of("sh", "-c", "command -v java")))).isNotZero();

    answersTheTrainingExchangesFromItsClassArchive(concat(noJava, List.of(launcher.toString())));
  }

  @Test
  void runsWithTheMachinesJdksHiddenByAPrivateMount() throws Exception {
    String hide = "mount -t tmpfs none /usr/lib/jvm && exec \"$@\"";
    List<String> hidden = List.of("unshare", "-m", "sh", "-c", hide, "sh");
    assumeTrue(
        Files.isDirectory(Path.of("/usr/lib/jvm")), "no /usr/lib/jvm on this machine to hide");
    if (exitCode(concat(hidden, List.of("true"))) != 0) {
      abort("no private mount namespace here (unshare -m and mount need root)");
    }
    // The usual PATH, with the JDKs under it gone: java there (Debian's /usr/bin/java links into
    // /usr/lib/jvm) cannot run.
    List<String> env = List.of("/usr/bin/env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin");
    assertThat(exitCode(concat(hidden, concat(env, List.of("java", "-version"))))).isNotZero();

    answersTheTrainingExchangesFromItsClassArchive(
        concat(hidden, concat(env, List.of(launcher.toString()))));
  }

  /**
   * The launcher runs the JVM in the archive's directory, but a relative {@code --spec FILE} is the
   * caller's file: the agent served is the one of the spec in the caller's directory.
   */
  @Test
  void aRelativeSpecFileIsTheCallersOwn() throws Exception {
    Path caller = Files.createDirectories(TARGET.resolve("archive-test/caller"));
    Files.writeString(
        caller.resolve("openapi.yaml"),
        Files.readString(Path.of("../api-spec/src/main/resources/openapi.yaml"))
            .replace("first_name: John", "first_name: Grace"));
    try (TestProcess mock =
        TestProcess.command(List.of(launcher.toString(), "--spec", "openapi.yaml", "--port", "0"))
            .directory(caller)
            .start()) {
      int port = Integer.parseInt(mock.awaitLine(BANNER, 0, Duration.ofSeconds(60)).group(1));
      var answer =
          new ApiTestClient(port)
              .raw(
                  "GET",
                  "/api/v1/agents/me",
                  Map.of(
                      "Authorization",
                      ApiTestClient.basic(AgentFixtures.DEMO_KEY, AgentFixtures.DEMO_SECRET)),
                  null);
      assertThat(answer.json().path("data").path("first_name").asText()).isEqualTo("Grace");
    }
  }

  private static void answersTheTrainingExchangesFromItsClassArchive(List<String> command)
      throws Exception {
    Path classLog = TARGET.resolve("archive-test/classes-" + System.nanoTime() + ".log");
    List<String> withOptions = new ArrayList<>(command);
    // JAVA_OPTS goes through env -i as one of its assignments, before the launcher.
    withOptions.add(
        withOptions.indexOf(launcher.toString()),
        "JAVA_OPTS=-Xlog:class+load=info:file=" + classLog);
    withOptions.addAll(List.of("--port", "0"));
    List<String> wrong;
    try (TestProcess mock = TestProcess.command(withOptions).start()) {
      int port = Integer.parseInt(mock.awaitLine(BANNER, 0, Duration.ofSeconds(60)).group(1));
      wrong = ClassArchiveTraining.sendAll(port);
      mock.terminate();
      assertThat(mock.waitFor(Duration.ofSeconds(30))).isTrue();
      assertThat(mock.output())
          .noneMatch(line -> line.contains("[warning]") || line.contains("[error]"));
    }
    assertThat(wrong).as("of %d exchanges", ClassArchiveTraining.exchanges()).isEmpty();
    assertThat(classSource(classLog)).startsWith("shared objects file");
  }

  private static String classSource(Path classLog) throws IOException {
    return Files.readAllLines(classLog).stream()
        .filter(line -> line.contains(MOCK_CLASS))
        .map(line -> line.substring(line.indexOf(MOCK_CLASS) + MOCK_CLASS.length()))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(AvailabilityMock.class.getName() + " is not in " + classLog));
  }

  private static int exitCode(List<String> command) throws Exception {
    try (TestProcess process = TestProcess.command(command).start()) {
      assertThat(process.waitFor(Duration.ofSeconds(30))).isTrue();
      return process.exitValue();
    }
  }

  private static void run(List<String> command) throws Exception {
    try (TestProcess process = TestProcess.command(command).start()) {
      assertThat(process.waitFor(Duration.ofSeconds(60))).isTrue();
      assertThat(process.exitValue()).as("%s: %s", command, process.text()).isZero();
    }
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
