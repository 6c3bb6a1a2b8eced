package org.availkit.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * What the tests keep for the secrets scan that runs after them (SecretsScanTest): every secret
 * they are handed (with its stored hash and where it came from), every answer read other than
 * through the spec-validating client (which keeps its own, in {@code test.responses.file}), and the
 * logs of the server and command-line processes they start.
 *
 * <p>All of it goes to {@code test.records.dir}, a directory of the build's own (the pom names it
 * after the build's start, {@code target/test-records/<time>}), so no earlier build's records can
 * stand in for this one's; {@link #prepare} makes it and removes the directories of earlier builds.
 * Without {@code test.records.dir} (a test run from an IDE) nothing is kept.
 */
public final class TestRecords {

  /** The secrets: one a line, {@code source TAB secret TAB hash}. */
  public static final String SECRETS = "secrets.txt";

  /** Answers read by raw clients: each after a line {@code #answer VIA}. */
  public static final String RAW_ANSWERS = "raw-answers.txt";

  /** The processes' logs, one file each. */
  public static final String LOGS = "logs";

  private static final AtomicInteger LOG_FILES = new AtomicInteger();

  private TestRecords() {}

  /** This build's records directory, or null when none is set. */
  public static Path dir() {
    String dir = System.getProperty("test.records.dir");
    return dir == null ? null : Path.of(dir).toAbsolutePath();
  }

  /**
   * Makes this build's directory and removes those of earlier builds beside it; once a test JVM
   * starts ({@link TestRecordsSession}), before any test can record.
   */
  static synchronized void prepare() {
    Path dir = dir();
    if (dir == null) {
      return;
    }
    try {
      Files.createDirectories(dir.resolve(LOGS));
      try (Stream<Path> runs = Files.list(dir.getParent())) {
        for (Path earlier : runs.filter(run -> !run.equals(dir)).toList()) {
          try (Stream<Path> files = Files.walk(earlier)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
              Files.delete(file);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A secret a test was handed, from {@code source} (how it was made). */
  public static synchronized void secret(String source, String secret) {
    if (dir() != null) {
      append(SECRETS, source + "\t" + secret + "\t" + storedHash(secret) + "\n");
    }
  }

  /** An answer read {@code via} a raw client, as it came (status line, headers, body). */
  public static synchronized void answer(String via, String answer) {
    append(RAW_ANSWERS, "#answer " + via + "\n" + answer + "\n");
  }

  /**
   * A secret's stored form, SHA-256 in lowercase hex, as {@code ApiSecrets.hash} makes it: computed
   * here, since the process tests run from the repackaged jar, whose classes they cannot load.
   */
  public static String storedHash(String secret) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A new file for a process's log ({@code prefix-PID-N.log}, this JVM's PID), or null when nothing
   * is kept.
   */
  public static Path logFile(String prefix) {
    Path dir = dir();
    return dir == null
        ? null
        : dir.resolve(LOGS)
            .resolve(
                prefix
                    + "-"
                    + ProcessHandle.current().pid()
                    + "-"
                    + LOG_FILES.incrementAndGet()
                    + ".log");
  }

  private static void append(String name, String text) {
    Path dir = dir();
    if (dir == null) {
      return;
    }
    try {
      Files.writeString(
          dir.resolve(name),
          text,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
