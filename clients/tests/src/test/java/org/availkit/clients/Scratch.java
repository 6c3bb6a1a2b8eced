package org.availkit.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.availkit.contract.testing.TestProcess;

/**
 * A language's scratch project: a copy of {@code src/test/<language>} under {@code
 * target/scratch/<language>}, made afresh for each build, into which the client package is
 * installed as a user installs it; and the commands run there, each one's output in a log file
 * beside it, whose end a failure shows.
 */
final class Scratch {

  static final Path PACKAGES = Path.of("target/packages").toAbsolutePath();
  static final Path REPORTS = Path.of("target/client-reports").toAbsolutePath();
  private static final Duration COMMAND = Duration.ofMinutes(10);

  final Path dir;
  private final String language;
  private int commands;

  private Scratch(String language, Path dir) {
    this.language = language;
    this.dir = dir;
  }

  /** A fresh copy of the language's scratch project. */
  static Scratch of(String language) {
    Path source = Path.of("src/test", language).toAbsolutePath();
    Path dir = Path.of("target/scratch", language).toAbsolutePath();
    Targets.deleteTree(dir);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path copy = dir.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
      Files.createDirectories(REPORTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Scratch(language, dir);
  }

  /** What a command printed (its standard output and error, interleaved) and its exit status. */
  record Outcome(int exitValue, String output) {}

  /** Runs {@code command} here; fails with the end of its output unless it exits 0. */
  String run(Map<String, String> environment, String... command) {
    Outcome outcome = attempt(environment, command);
    if (outcome.exitValue() != 0) {
      throw new AssertionError(
          language
              + ": "
              + String.join(" ", command)
              + " exited with "
              + outcome.exitValue()
              + " (whole output: "
              + dir.resolve("command-" + commands + ".log")
              + "):\n"
              + tail(outcome.output()));
    }
    return outcome.output();
  }

  /** Runs {@code command} here, whatever its exit status. */
  Outcome attempt(Map<String, String> environment, String... command) {
    Path log = dir.resolve("command-" + ++commands + ".log");
    try (TestProcess process = start(environment, log, command)) {
      if (!process.waitFor(COMMAND)) {
        throw new AssertionError(
            language + ": " + String.join(" ", command) + " did not end within " + COMMAND);
      }
      return new Outcome(process.exitValue(), process.text());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  String run(String... command) {
    return run(Map.of(), command);
  }

  private TestProcess start(Map<String, String> environment, Path log, String... command)
      throws IOException {
    TestProcess.Builder builder =
        TestProcess.command(List.of(command)).directory(dir).copyOutputTo(log);
    environment.forEach(builder::environment);
    return builder.start();
  }

  /** The one file under {@link #PACKAGES} whose name starts with {@code prefix}. */
  static Path packageNamed(String prefix) {
    try (Stream<Path> files = Files.list(PACKAGES)) {
      List<Path> found =
          new ArrayList<>(
              files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList());
      if (found.size() != 1) {
        throw new AssertionError(
            "expected one package " + prefix + "* in " + PACKAGES + ", found " + found);
      }
      return found.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(String output) {
    String[] lines = output.split("\n");
    int from = Math.max(0, lines.length - 60);
    return String.join("\n", List.of(lines).subList(from, lines.length));
  }
}
