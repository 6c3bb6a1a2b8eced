package org.availkit.server.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * After the whole test suite has run (surefire), every API secret the tests made and its stored
 * hash are looked for in every answer the tests received and in every log line the application
 * wrote: none may appear. (The places a secret is handed over by design, the first start's
 * credentials file and the CLI's answer on standard output, are meant for the operator, not the log.)
 */
class SecretsScanTest {

  private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\S+\\s+(TRACE|DEBUG|INFO|WARN|ERROR)\\b.*");

  @Test
  void noSecretOrHashInAnyAnswerOrLogLine() throws IOException {
    Set<String> secrets = new LinkedHashSet<>(Files.readAllLines(file("test.secrets.file"), StandardCharsets.UTF_8));
    secrets.removeIf(String::isBlank);
    assertThat(secrets).as("secrets the suite made (and their hashes)").hasSizeGreaterThan(100);

    String answers = Files.readString(file("test.responses.file"), StandardCharsets.UTF_8);
    assertThat(answers.length()).as("answers the suite received").isGreaterThan(100_000);

    List<String> logLines = new ArrayList<>();
    try (Stream<Path> logs = Files.list(Path.of(System.getProperty("test.logs.dir")))) {
      for (Path log : logs.filter(p -> p.toString().endsWith("-output.txt")).toList()) {
        Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> LOG_LINE.matcher(l).matches()).forEach(logLines::add);
      }
    }
    assertThat(logLines).as("log lines of the suite").hasSizeGreaterThan(100);
    String logText = String.join("\n", logLines);

    List<String> leaks = new ArrayList<>();
    for (String secret : secrets) {
      if (answers.contains(secret)) {
        leaks.add("in an answer: " + secret.substring(0, 8) + "…");
      }
      if (logText.contains(secret)) {
        leaks.add("in a log line: " + secret.substring(0, 8) + "…");
      }
    }
    assertThat(leaks).isEmpty();
  }

  private static Path file(String property) {
    Path path = Path.of(System.getProperty(property));
    assertThat(path).as(property).exists();
    return path;
  }
}
