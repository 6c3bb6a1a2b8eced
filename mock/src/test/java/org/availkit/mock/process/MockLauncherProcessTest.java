package org.availkit.mock.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.availkit.contract.testing.AgentFixtures;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.TestProcess;
import org.availkit.mock.AvailabilityMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mock/run}, the README's command for the mock, on the packaged jar and the class archive
 * the build made from it (integration-test phase, after both exist). The JVM's class-loading log,
 * switched on through {@code JAVA_OPTS}, tells whether the mock's classes came from the archive.
 */
@DisabledOnOs(OS.WINDOWS)
class MockLauncherProcessTest {

  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Pattern BANNER =
      Pattern.compile("Availability mock on http://localhost:(\\d+)");
  private static final String MOCK_CLASS = AvailabilityMock.class.getName() + " source: ";

  @Test
  void startsTheMockWithTheBuildsClassArchive(@TempDir Path tmp) throws Exception {
    assertThat(MODULE.resolve("target/availability-mock.jsa")).isRegularFile();

    Started mock = start(MODULE.resolve("run"), tmp.resolve("classes.log"));

    assertThat(mock.putStatus).isEqualTo(200);
    assertThat(mock.output)
        .noneMatch(line -> line.contains("[warning]") || line.contains("[error]"));
    assertThat(classSource(mock.classLog)).startsWith("shared objects file");
  }

  @Test
  void aStaleArchiveIsIgnoredWithoutAWordAndTheMockStartsAsFromTheJar(@TempDir Path tmp)
      throws Exception {
    // A copy of the module whose jar is newer than its archive, as after a build that skipped the
    // training run: the JVM refuses the archive (it records the jar's size and time).
    Path copy = Files.createDirectories(tmp.resolve("mock/target"));
    Files.copy(MODULE.resolve("run"), tmp.resolve("mock/run"));
    Files.copy(
        MODULE.resolve("target/availability-mock.jsa"), copy.resolve("availability-mock.jsa"));
    Files.copy(
        MODULE.resolve("target/availability-mock.jar"), copy.resolve("availability-mock.jar"));

    Started mock = start(tmp.resolve("mock/run"), tmp.resolve("classes.log"));

    assertThat(mock.putStatus).isEqualTo(200);
    assertThat(mock.output)
        .noneMatch(line -> line.contains("[warning]") || line.contains("[error]"));
    assertThat(classSource(mock.classLog))
        .contains(copy.resolve("availability-mock.jar").toString());
  }

  private record Started(int putStatus, List<String> output, Path classLog) {}

  /** Runs the script on a free port, sends one PUT, stops it and returns what it printed. */
  private static Started start(Path script, Path classLog) throws Exception {
    try (TestProcess process =
        TestProcess.command(List.of("sh", script.toString(), "--port", "0"))
            .environment("JAVA_HOME", System.getProperty("java.home"))
            .environment("JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog)
            .start()) {
      int port = Integer.parseInt(process.awaitLine(BANNER, 0, Duration.ofSeconds(60)).group(1));
      int putStatus =
          new ApiTestClient(port)
              .put(
                  ApiTestClient.token(AgentFixtures.DEMO_KEY, AgentFixtures.DEMO_SECRET),
                  "{\"status\":\"busy\"}")
              .status();
      process.terminate();
      assertThat(process.waitFor(Duration.ofSeconds(30))).isTrue();
      return new Started(putStatus, process.output(), classLog);
    }
  }

  /** Where the JVM loaded the mock's main class from, as its class-loading log says. */
  private static String classSource(Path classLog) throws IOException {
    return Files.readAllLines(classLog).stream()
        .filter(line -> line.contains(MOCK_CLASS))
        .map(line -> line.substring(line.indexOf(MOCK_CLASS) + MOCK_CLASS.length()))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(AvailabilityMock.class.getName() + " is not in " + classLog));
  }
}
