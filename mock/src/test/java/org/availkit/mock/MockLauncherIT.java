package org.availkit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
class MockLauncherIT {

  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Pattern BANNER = Pattern.compile("Availability mock on (http://localhost:\\d+)");
  private static final String MOCK_CLASS = AvailabilityMock.class.getName() + " source: ";

  @Test
  void startsTheMockWithTheBuildsClassArchive(@TempDir Path tmp) throws Exception {
    assertThat(MODULE.resolve("target/availability-mock.jsa")).isRegularFile();

    Started mock = start(MODULE.resolve("run"), tmp.resolve("classes.log"));

    assertThat(mock.putStatus).isEqualTo(200);
    assertThat(mock.output).noneMatch(line -> line.contains("[warning]") || line.contains("[error]"));
    assertThat(classSource(mock.classLog)).startsWith("shared objects file");
  }

  @Test
  void aStaleArchiveIsIgnoredWithoutAWordAndTheMockStartsAsFromTheJar(@TempDir Path tmp) throws Exception {
    // A copy of the module whose jar is newer than its archive, as after a build that skipped the
    // training run: the JVM refuses the archive (it records the jar's size and time).
    Path copy = Files.createDirectories(tmp.resolve("mock/target"));
    Files.copy(MODULE.resolve("run"), tmp.resolve("mock/run"));
    Files.copy(MODULE.resolve("target/availability-mock.jsa"), copy.resolve("availability-mock.jsa"));
    Files.copy(MODULE.resolve("target/availability-mock.jar"), copy.resolve("availability-mock.jar"));

    Started mock = start(tmp.resolve("mock/run"), tmp.resolve("classes.log"));

    assertThat(mock.putStatus).isEqualTo(200);
    assertThat(mock.output).noneMatch(line -> line.contains("[warning]") || line.contains("[error]"));
    assertThat(classSource(mock.classLog)).contains(copy.resolve("availability-mock.jar").toString());
  }

  private record Started(int putStatus, List<String> output, Path classLog) {}

  /** Runs the script on a free port, sends one PUT, stops it and returns what it printed. */
  private static Started start(Path script, Path classLog) throws Exception {
    Path printed = classLog.resolveSibling("printed.txt");
    ProcessBuilder builder = new ProcessBuilder("sh", script.toString(), "--port", "0")
        .redirectErrorStream(true).redirectOutput(printed.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);
    Process process = builder.start();
    try {
      String url = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (url == null && process.isAlive() && System.nanoTime() < deadline) {
        Matcher banner = BANNER.matcher(Files.readString(printed));
        if (banner.find()) {
          url = banner.group(1);
        } else {
          Thread.sleep(20);
        }
      }
      assertThat(url).as("the banner, in: %s", Files.readString(printed)).isNotNull();
      HttpResponse<String> answer = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(url + "/api/v1/agents/me/availability"))
              .header("Authorization", "token " + MockOptions.DEMO_KEY + ":" + MockOptions.DEMO_SECRET)
              .header("Content-Type", "application/json")
              .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"busy\"}"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      process.destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return new Started(answer.statusCode(), Files.readAllLines(printed), classLog);
    } finally {
      process.destroyForcibly();
    }
  }

  /** Where the JVM loaded the mock's main class from, as its class-loading log says. */
  private static String classSource(Path classLog) throws IOException {
    return Files.readAllLines(classLog).stream()
        .filter(line -> line.contains(MOCK_CLASS))
        .map(line -> line.substring(line.indexOf(MOCK_CLASS) + MOCK_CLASS.length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(AvailabilityMock.class.getName() + " is not in " + classLog));
  }
}
