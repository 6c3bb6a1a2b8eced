package org.availkit.contract.testing;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A command the tests run as an operator would, in a process of its own: the server's jar and its
 * command line, the mock's script or main class. Its output is read line by line as it comes (kept,
 * and copied to a file when asked), a line is waited for with Awaitility, and {@link #close} ends
 * the process whatever happened. The one process launcher of every module's tests.
 */
public final class TestProcess implements AutoCloseable {

  private final Process process;
  private final Thread reader;
  private final List<String> output = new ArrayList<>();

  private TestProcess(Process process, Path copy) {
    this.process = process;
    this.reader = new Thread(() -> read(copy), "output of " + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** A process of {@code command}; {@link Builder#start} starts it. */
  public static Builder command(List<String> command) {
    return new Builder(command);
  }

  /** A process of this JVM's {@code java} with {@code arguments}. */
  public static Builder java(String... arguments) {
    List<String> command = new ArrayList<>(List.of(javaExecutable()));
    command.addAll(List.of(arguments));
    return new Builder(command);
  }

  /** The {@code java} of the JVM that runs the tests. */
  public static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** How to start a process: where, with what environment, where its output and errors go. */
  public static final class Builder {

    private final List<String> command;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path directory;
    private Path copy;
    private Path errors;
    private boolean discardErrors;
    private String input = "";

    private Builder(List<String> command) {
      this.command = List.copyOf(command);
    }

    /** The working directory (the tests' own by default). */
    public Builder directory(Path directory) {
      this.directory = directory;
      return this;
    }

    /** A variable added to the inherited environment. */
    public Builder environment(String name, String value) {
      environment.put(name, value);
      return this;
    }

    /** Every line of output is also written to {@code file} as it comes (null: not kept). */
    public Builder copyOutputTo(Path file) {
      this.copy = file;
      return this;
    }

    /**
     * Standard error to {@code file}, apart from the output (null: thrown away); without this call
     * it is merged into the output.
     */
    public Builder errorsTo(Path file) {
      this.errors = file;
      this.discardErrors = file == null;
      return this;
    }

    /** What the process reads on standard input, which is then closed (nothing by default). */
    public Builder input(String input) {
      this.input = input;
      return this;
    }

    public TestProcess start() throws IOException {
      ProcessBuilder builder = new ProcessBuilder(command);
      if (directory != null) {
        builder.directory(directory.toFile());
      }
      builder.environment().putAll(environment);
      if (errors != null) {
        builder.redirectError(ProcessBuilder.Redirect.to(errors.toFile()));
      } else if (discardErrors) {
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
      } else {
        builder.redirectErrorStream(true);
      }
      Process process = builder.start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(input.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // the process ended before it read its input: what it printed says why
      }
      return new TestProcess(process, copy);
    }
  }

  /** The output so far, a line an element. */
  public List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  /**
   * Waits for the {@code n}th line (from 0) that {@code pattern} finds something in, for {@code
   * timeout} at most; fails at once, with the output, when the process ends first.
   */
  public MatchResult awaitLine(Pattern pattern, int n, Duration timeout) {
    try {
      return await()
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(20))
          .until(
              () ->
                  match(pattern, n)
                      .or(
                          () -> {
                            if (!process.isAlive()) {
                              throw new IllegalStateException(
                                  "the process exited (" + process.exitValue() + "): " + text());
                            }
                            return Optional.empty();
                          }),
              Optional::isPresent)
          .orElseThrow();
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          "no line matching " + pattern + " within " + timeout + ": " + text(), e);
    }
  }

  /**
   * Waits for the process to end, for {@code timeout} at most, and for its output to be read to the
   * end; whether it ended.
   */
  public boolean waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return false;
    }
    reader.join(timeout.toMillis());
    return true;
  }

  public int exitValue() {
    return process.exitValue();
  }

  /** The whole output so far, lines joined by newlines. */
  public String text() {
    return String.join("\n", output());
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM (a graceful stop), returning at once. */
  public void terminate() {
    process.destroy();
  }

  /**
   * SIGKILL: no shutdown hook, no flush, nothing; waits for the end (30 s at most). The processes
   * it started go too (npm's node, go test's test binary), which would outlive it otherwise.
   */
  public void kill() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private Optional<MatchResult> match(Pattern pattern, int n) {
    int seen = 0;
    for (String line : output()) {
      Matcher m = pattern.matcher(line);
      if (m.find() && seen++ == n) {
        return Optional.of(m.toMatchResult());
      }
    }
    return Optional.empty();
  }

  private void read(Path copy) {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer kept =
            copy == null
                ? Writer.nullWriter()
                : Files.newBufferedWriter(copy, StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        kept.write(line);
        kept.write('\n');
        kept.flush();
        synchronized (output) {
          output.add(line);
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }
}
