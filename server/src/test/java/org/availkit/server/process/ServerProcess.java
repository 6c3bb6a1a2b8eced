package org.availkit.server.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.availkit.server.TestRecords;

/**
 * The server jar as an operator runs it: a separate process in a working directory of its own
 * (so the embedded database is {@code ./data} there), or on PostgreSQL when the build runs with
 * -Ppostgres (the AVAILKIT_DB_* environment is inherited). Each server's output and each command
 * line's standard error (its log) go to a file of {@link TestRecords}, and the secrets the command
 * line prints are recorded, for the secrets scan.
 */
final class ServerProcess implements AutoCloseable {

  static final Path JAR = Path.of(System.getProperty("server.jar", "target/availability-server.jar")).toAbsolutePath();
  static final boolean POSTGRES = Boolean.getBoolean("availkit.test.postgres");
  private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final List<String> output = new ArrayList<>();
  private final int port;
  private final int managementPort;

  private ServerProcess(Path workDir) throws Exception {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString(), "--server.port=0",
        "--management.server.port=0", "--availkit.bootstrap-admin=false"));
    if (POSTGRES) {
      command.add("--spring.profiles.active=postgres");
    }
    process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    Path log = TestRecords.logFile("server");
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
          Writer kept = log == null ? Writer.nullWriter() : Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
        for (String line; (line = in.readLine()) != null; ) {
          kept.write(line);
          kept.write('\n');
          kept.flush();
          synchronized (output) {
            output.add(line);
            output.notifyAll();
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    port = awaitPort(0);
    managementPort = awaitPort(1);
  }

  static ServerProcess start(Path workDir) throws Exception {
    return new ServerProcess(workDir);
  }

  /** Runs the agents command line in the working directory and returns its JSON output. */
  static JsonNode cli(Path workDir, String... args) throws Exception {
    return cliWithInput(workDir, "", args);
  }

  /** As {@link #cli}, with {@code input} on the command's standard input ({@code agents import}). */
  static JsonNode cliWithInput(Path workDir, String input, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString(), "agents"));
    command.addAll(List.of(args));
    if (POSTGRES) {
      command.add("--spring.profiles.active=postgres");
    }
    Path log = TestRecords.logFile("cli");
    Process cli = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectError(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log.toFile()))
        .start();
    try (var in = cli.getOutputStream()) {
      in.write(input.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!cli.waitFor(60, TimeUnit.SECONDS) || cli.exitValue() != 0) {
      throw new IllegalStateException("agents " + String.join(" ", args) + " failed: " + out);
    }
    JsonNode answer = JSON.readTree(out);
    // create and rotate-key answer one object, import an array of them.
    answer.findValuesAsText("api_secret").forEach(secret -> TestRecords.secret("process-cli", secret));
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
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Sends SIGTERM (the graceful shutdown) and returns at once; {@link #awaitExit} waits for its end. */
  void signalTerminate() {
    process.destroy();
  }

  /** Waits for the process to end (60 s at most, then SIGKILL and a failure); returns its exit code. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("did not stop within 60 s of SIGTERM");
    }
    return process.exitValue();
  }

  List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  /**
   * The port of the {@code n}th web server to start: the API's first, then the management
   * server's (a child context started once the API's server has).
   */
  private int awaitPort(int n) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 90_000;
    synchronized (output) {
      while (System.currentTimeMillis() < deadline) {
        int seen = 0;
        for (String line : output) {
          Matcher m = PORT.matcher(line);
          if (m.find() && seen++ == n) {
            return Integer.parseInt(m.group(1));
          }
        }
        if (!process.isAlive()) {
          throw new IllegalStateException("the server exited: " + String.join("\n", output));
        }
        output.wait(200);
      }
    }
    throw new IllegalStateException("the server did not start: " + String.join("\n", output()));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
