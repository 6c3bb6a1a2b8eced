package org.availkit.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.TestProcess;
import org.availkit.server.TestRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnJre;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server/run}, the README's launcher for the server and its command line, on the extracted
 * jar and the class archive the build made from it (package phase; the process tests run after it),
 * in a working directory of its own on the embedded database. The JVM's class-loading log, switched
 * on through {@code JAVA_OPTS}, tells where the application's classes came from.
 */
@DisabledOnOs(OS.WINDOWS)
class ServerLauncherProcessTest {

  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final String JAR = "target/availability-server/availability-server.jar";
  private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

  /** Named, not referenced: the process tests run beside the repackaged jar, not its classes. */
  private static final String MAIN_CLASS =
      "org.availkit.server.AvailabilityServerApplication source: ";

  @Test
  void startsTheServerWithTheBuildsClassArchive(@TempDir Path tmp) throws Exception {
    assertThat(MODULE.resolve("target/availability-server.jsa")).isRegularFile();
    Path work = Files.createDirectories(tmp.resolve("work"));

    Started server = startServer(MODULE.resolve("run"), work, tmp.resolve("classes.log"));

    assertThat(server.badKeyStatus).isEqualTo(401);
    assertThat(classSource(server.classLog)).startsWith("shared objects file");
    // The command line's quick compiler and serial collector are not the server's.
    assertThat(server.jvmFlags).doesNotContainKeys("TieredStopAtLevel", "UseSerialGC");
    // The embedded database is ./data under the directory it runs in, as with java -jar.
    assertThat(work.resolve("data")).isDirectory();
  }

  @Test
  void runsTheCommandLineWithTheArchiveToo(@TempDir Path tmp) throws Exception {
    Path classLog = tmp.resolve("classes.log");
    try (TestProcess cli =
        launcher(MODULE.resolve("run"), classLoading(classLog), "agents", "list")
            .directory(Files.createDirectories(tmp.resolve("work")))
            .errorsTo(TestRecords.logFile("cli"))
            .start()) {
      assertThat(cli.waitFor(Duration.ofMinutes(5))).isTrue();
      assertThat(cli.exitValue()).as(cli.text()).isZero();
      assertThat(cli.text().strip()).isEqualTo("[]");
    }
    assertThat(classSource(classLog)).startsWith("shared objects file");
  }

  @Test
  void runsTheCommandLineOnTheQuickCompilerAndTheSerialCollectorUnlessJavaOptsSaysOtherwise(
      @TempDir Path tmp) throws Exception {
    assertThat(commandLineFlags(tmp, ""))
        .containsEntry("TieredStopAtLevel", "1")
        .containsEntry("UseSerialGC", "true");
    // Options named -XX:+Use... and ...GC that are not collectors leave the serial one in.
    assertThat(commandLineFlags(tmp, "-XX:+UseCompressedOops -XX:+DisableExplicitGC"))
        .containsEntry("UseSerialGC", "true");
    // JAVA_OPTS comes last, and a collector named there replaces the serial one, wherever it
    // stands: the JVM refuses to start with two.
    assertThat(commandLineFlags(tmp, "-XX:+UseParallelGC -XX:TieredStopAtLevel=4"))
        .containsEntry("TieredStopAtLevel", "4")
        .containsEntry("UseParallelGC", "true")
        .doesNotContainKey("UseSerialGC");
  }

  /** The JVM options {@code agents --help} was given, as the JVM prints them. */
  private static Map<String, String> commandLineFlags(Path tmp, String javaOpts) throws Exception {
    try (TestProcess cli =
        launcher(MODULE.resolve("run"), JvmFlags.PRINT + " " + javaOpts, "agents", "--help")
            .directory(tmp)
            .start()) {
      assertThat(cli.waitFor(Duration.ofMinutes(2))).isTrue();
      assertThat(cli.exitValue()).as(cli.text()).isZero();
      return JvmFlags.given(cli.output());
    }
  }

  @Test
  void anArchiveForJarsOfAnotherBuildIsIgnoredWithoutAWordAndTheServerStartsFromTheJars(
      @TempDir Path tmp) throws Exception {
    // The module's launcher, layout and archive copied elsewhere as new files, as after a build
    // whose training run did not run: the archive records each jar's size and time, and these jars
    // are newer than the ones it was made from, so the JVM refuses it (on any Java).
    Path copy = copyOfTheModule(tmp.resolve("server"), false);

    Started server = startServer(copy.resolve("run"), tmp.resolve("work"), tmp.resolve("c.log"));

    assertThat(server.badKeyStatus).isEqualTo(401);
    assertThat(classSource(server.classLog)).contains(copy.resolve(JAR).toString());
  }

  @Test
  @EnabledOnJre(JRE.JAVA_17)
  void onJava17AnArchiveMovedWithItsJarsIsIgnoredWithoutAWordToo(@TempDir Path tmp)
      throws Exception {
    // The same files with their times, as when the repository moved after the build: Java 17
    // checks the class path the archive was made for by its paths, so it refuses the archive for
    // the new ones (later versions can map an archive whose jars moved together).
    Path copy = copyOfTheModule(tmp.resolve("server"), true);

    Started server = startServer(copy.resolve("run"), tmp.resolve("work"), tmp.resolve("c.log"));

    assertThat(server.badKeyStatus).isEqualTo(401);
    assertThat(classSource(server.classLog)).contains(copy.resolve(JAR).toString());
  }

  /** server/run, the extracted layout and the archive, under {@code copy}. */
  private static Path copyOfTheModule(Path copy, boolean keepTimes) throws IOException {
    CopyOption[] how =
        keepTimes ? new CopyOption[] {StandardCopyOption.COPY_ATTRIBUTES} : new CopyOption[0];
    Files.createDirectories(copy.resolve("target"));
    Files.copy(MODULE.resolve("run"), copy.resolve("run"), how);
    Files.copy(
        MODULE.resolve("target/availability-server.jsa"),
        copy.resolve("target/availability-server.jsa"),
        how);
    Path from = MODULE.resolve("target/availability-server");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target =
            copy.resolve("target/availability-server").resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, how);
        }
      }
    }
    return copy;
  }

  /** What a start answered a bad key, its class-loading log, and the JVM options it ran with. */
  private record Started(int badKeyStatus, Path classLog, Map<String, String> jvmFlags) {}

  /**
   * Starts the server through {@code script} on free ports, sends one request with a bad key, stops
   * it; no line of what it printed may be the JVM's warning about the archive.
   */
  private static Started startServer(Path script, Path work, Path classLog) throws Exception {
    Files.createDirectories(work);
    try (TestProcess server =
        launcher(
                script,
                classLoading(classLog) + " " + JvmFlags.PRINT,
                "--server.port=0",
                "--management.server.port=0",
                "--availkit.bootstrap-admin=false")
            .directory(work)
            .copyOutputTo(TestRecords.logFile("server"))
            .start()) {
      int port = Integer.parseInt(server.awaitLine(PORT, 0, Duration.ofSeconds(90)).group(1));
      int status =
          new ApiTestClient(port).getMe(ApiTestClient.token("ak_unknown", "as_unknown")).status();
      server.terminate();
      assertThat(server.waitFor(Duration.ofSeconds(60))).isTrue();
      assertThat(server.output())
          .noneMatch(line -> line.contains("[warning]") || line.contains("[error]"));
      return new Started(status, classLog, JvmFlags.given(server.output()));
    }
  }

  private static TestProcess.Builder launcher(Path script, String javaOpts, String... arguments) {
    List<String> command = new ArrayList<>(List.of("sh", script.toString()));
    command.addAll(List.of(arguments));
    return TestProcess.command(command)
        .environment("JAVA_HOME", System.getProperty("java.home"))
        .environment("JAVA_OPTS", javaOpts);
  }

  /** The JVM's class-loading log, to {@code classLog}. */
  private static String classLoading(Path classLog) {
    return "-Xlog:class+load=info:file=" + classLog;
  }

  /** Where the JVM loaded the application's main class from, as its class-loading log says. */
  private static String classSource(Path classLog) throws IOException {
    return Files.readAllLines(classLog).stream()
        .filter(line -> line.contains(MAIN_CLASS))
        .map(line -> line.substring(line.indexOf(MAIN_CLASS) + MAIN_CLASS.length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the main class is not in " + classLog));
  }
}
