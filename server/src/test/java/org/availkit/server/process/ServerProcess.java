package org.availkit.server.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.availkit.contract.testing.TestProcess;
import org.availkit.server.TestRecords;

/**
 * The server jar as an operator runs it: a separate process in a working directory of its own (so
 * the embedded database is {@code ./data} there), or on PostgreSQL when the build runs with
 * -Ppostgres (the AVAILKIT_DB_* environment is inherited). Each server's output and each command
 * line's standard error (its log) go to a file of {@link TestRecords}, and the secrets the command
 * line prints are recorded, for the secrets scan. The processes are the toolkit's {@link
 * TestProcess}.
 */
final class ServerProcess implements AutoCloseable {

  static final Path JAR =
      Path.of(System.getProperty("server.jar", "target/availability-server.jar")).toAbsolutePath();
  static final boolean POSTGRES = Boolean.getBoolean("availkit.test.postgres");
  private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
  private static final Duration START = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TestProcess process;
  private final int port;
  private final int managementPort;

  private ServerProcess(Path workDir, Map<String, String> postgres, String... settings)
      throws Exception {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "-jar",
                JAR.toString(),
                "--server.port=0",
                "--management.server.port=0",
                "--availkit.bootstrap-admin=false"));
    if (POSTGRES || !postgres.isEmpty()) {
      arguments.add("--spring.profiles.active=postgres");
    }
    arguments.addAll(List.of(settings));
    TestProcess.Builder builder =
        TestProcess.java(arguments.toArray(String[]::new))
            .directory(workDir)
            .copyOutputTo(TestRecords.logFile("server"));
    postgres.forEach(builder::environment);
    process = builder.start();
    try {
      // The API's web server starts first, then the management server's (a child context).
      port = Integer.parseInt(process.awaitLine(PORT, 0, START).group(1));
      managementPort = Integer.parseInt(process.awaitLine(PORT, 1, START).group(1));
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
  }

  static ServerProcess start(Path workDir) throws Exception {
    return new ServerProcess(workDir, Map.of());
  }

  /** With settings of its own ({@code --name=value}) after the test's. */
  static ServerProcess start(Path workDir, String... settings) throws Exception {
    return new ServerProcess(workDir, Map.of(), settings);
  }

  /**
   * On the PostgreSQL that {@code environment} names (AVAILKIT_DB_* variables), whatever the
   * build's profile.
   */
  static ServerProcess onPostgres(Path workDir, Map<String, String> environment) throws Exception {
    return new ServerProcess(workDir, environment);
  }

  /** Runs the agents command line in the working directory and returns its JSON output. */
  static JsonNode cli(Path workDir, String... args) throws Exception {
    return cliWithInput(workDir, "", args);
  }

  /**
   * As {@link #cli}, with {@code input} on the command's standard input ({@code agents import}).
   */
  static JsonNode cliWithInput(Path workDir, String input, String... args) throws Exception {
    return cliWithInput(workDir, Map.of(), input, args);
  }

  /** As {@link #cliWithInput}, on the PostgreSQL that {@code postgres} names, if not empty. */
  static JsonNode cliWithInput(
      Path workDir, Map<String, String> postgres, String input, String... args) throws Exception {
    List<String> arguments = new ArrayList<>(List.of("-jar", JAR.toString(), "agents"));
    arguments.addAll(List.of(args));
    if (POSTGRES || !postgres.isEmpty()) {
      arguments.add("--spring.profiles.active=postgres");
    }
    String out;
    TestProcess.Builder builder =
        TestProcess.java(arguments.toArray(String[]::new))
            .directory(workDir)
            .errorsTo(TestRecords.logFile("cli"))
            .input(input);
    postgres.forEach(builder::environment);
    try (TestProcess cli = builder.start()) {
      // A bound well past the slowest run seen on a loaded machine (a JVM and a Spring context
      // start each time); the command line used to be waited for without one until its output
      // ended.
      boolean ended = cli.waitFor(Duration.ofMinutes(5));
      out = cli.text();
      if (!ended || cli.exitValue() != 0) {
        throw new IllegalStateException("agents " + String.join(" ", args) + " failed: " + out);
      }
    }
    JsonNode answer = JSON.readTree(out);
    // create and rotate-key answer one object, import an array of them.
    answer
        .findValuesAsText("api_secret")
        .forEach(secret -> TestRecords.secret("process-cli", secret));
    return answer;
  }

  int port() {
    return port;
  }

  /** The management port: probes and metrics ({@code /actuator/prometheus}). */
  int managementPort() {
    return managementPort;
  }

  /** SIGKILL: no shutdown hook, no flush, nothing. */
  void kill() throws InterruptedException {
    process.kill();
  }

  /**
   * Sends SIGTERM (the graceful shutdown) and returns at once; {@link #awaitExit} waits for its
   * end.
   */
  void signalTerminate() {
    process.terminate();
  }

  /**
   * Waits for the process to end (60 s at most, then SIGKILL and a failure); returns its exit code.
   */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(Duration.ofSeconds(60))) {
      process.kill();
      throw new IllegalStateException("did not stop within 60 s of SIGTERM");
    }
    return process.exitValue();
  }

  List<String> output() {
    return process.output();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
