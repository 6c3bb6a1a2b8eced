package org.availkit.server.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ExtractedArchive;
import org.availkit.contract.testing.TestProcess;
import org.availkit.server.TestRecords;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The server's self-contained archive ({@code
 * target/availability-server-<version>-linux-x64.tar.gz}, dist/build-archive), extracted under
 * target/ and started with its launcher where no JDK is reachable (an environment of its own: a
 * PATH of the launcher's few commands, no JAVA_HOME), on a fresh embedded database in a working
 * directory of its own: a bad key gets the 401 envelope. The mock's archive test hides the
 * machine's JDKs by a private mount too; the runtime is built the same way.
 */
@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
class ServerArchiveProcessTest {

  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

  /** Extracted once for the class's tests. */
  private static ExtractedArchive archive;

  @BeforeAll
  static void extract() throws Exception {
    assumeFalse(Boolean.getBoolean("archive.skip"), "the build was told to skip the archives");
    archive = ExtractedArchive.of(TARGET, "availability-server");
  }

  @Test
  void runsWithNoJavaReachableAndAnswersABadKeyWithThe401Envelope() throws Exception {
    Path work = Files.createDirectories(archive.directory().resolve("work"));
    Path launcher = archive.launcher();
    Path tools = archive.launcherCommandsOnly();
    List<String> noJava = List.of("/usr/bin/env", "-i", "PATH=" + tools);
    assertThat(exitCode(concat(noJava, "sh", "-c", "command -v java"))).isNotZero();

    try (TestProcess server =
        TestProcess.command(
                concat(
                    noJava,
                    launcher.toString(),
                    "--server.port=0",
                    "--management.server.port=0",
                    "--availkit.bootstrap-admin=false"))
            .directory(work)
            .copyOutputTo(TestRecords.logFile("server-archive"))
            .start()) {
      int port = Integer.parseInt(server.awaitLine(PORT, 0, Duration.ofSeconds(90)).group(1));

      ApiTestClient.Exchange answer =
          new ApiTestClient(port).getMe(ApiTestClient.token("ak_unknown", "as_unknown"));

      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.errorType()).isEqualTo("UnauthorizedException");
      assertThat(answer.json().path("status").asText()).isEqualTo("error");
      assertThat(answer.header("WWW-Authenticate")).isNotNull();
      server.terminate();
      assertThat(server.waitFor(Duration.ofSeconds(60))).isTrue();
    }
    // The embedded database is ./data under the working directory, as with the jar.
    assertThat(work.resolve("data")).isDirectory();
  }

  @Test
  void runsTheCommandLineOnTheQuickCompilerAndTheSerialCollectorAsServerRunDoes() throws Exception {
    try (TestProcess cli =
        TestProcess.command(
                List.of(
                    "/usr/bin/env",
                    "-i",
                    "PATH=" + archive.launcherCommandsOnly(),
                    "JAVA_OPTS=" + JvmFlags.PRINT,
                    archive.launcher().toString(),
                    "agents",
                    "--help"))
            .directory(archive.directory())
            .start()) {
      assertThat(cli.waitFor(Duration.ofSeconds(60))).isTrue();
      assertThat(cli.exitValue()).as(cli.text()).isZero();
      assertThat(JvmFlags.given(cli.output()))
          .containsEntry("TieredStopAtLevel", "1")
          .containsEntry("UseSerialGC", "true");
    }
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

  private static List<String> concat(List<String> first, String... more) {
    return Stream.concat(first.stream(), Stream.of(more)).toList();
  }
}
