package org.availkit.server.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.availkit.server.TestRecords;
import org.junit.jupiter.api.Test;

/**
 * After every other test of the build (Failsafe runs it in an execution of its own, after the
 * process tests), every API secret the tests were handed and its stored hash are looked for in
 * every answer the tests read and in every line of every log of the build: none may appear.
 *
 * <ul>
 *   <li>Secrets: those of the agents' admin service in every test context (agents the tests make,
 *       {@code agents create}, {@code import} and {@code rotate-key} run in process, key rotations,
 *       the first start's admin) and those the command line printed to the process tests. Any other
 *       string shaped like a secret this server makes counts too.
 *   <li>Answers: the spec-validating client's (every HTTP request of the tests goes through it),
 *       and those read off raw sockets (the integration tests' and the process tests' requests).
 *   <li>Logs, every line (stack traces too): the test JVMs' output files written in this build
 *       (Surefire leaves a class's file of an earlier build in place when the class printed nothing
 *       this time), and the output of every server and command-line process the process tests
 *       started.
 * </ul>
 *
 * <p>Everything comes from this build: the records are in its own directory ({@link TestRecords}),
 * each kind of record must be there, from each place that makes it, and the test JVMs' output files
 * are read only when written since the build began. (The places a secret is handed over by design,
 * the first start's credentials file and the CLI's answer on standard output, are meant for the
 * operator, not scanned.)
 */
class SecretsScanTest {

  /**
   * A secret as this server makes them ({@code ApiSecrets}): {@code as_} and 43 of URL-safe Base64.
   */
  private static final Pattern SECRET_SHAPE =
      Pattern.compile("(?<![A-Za-z0-9_-])as_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])");

  private static final Pattern HEX_RUN = Pattern.compile("[0-9a-f]{64,}");
  private static final Pattern LOG_LINE =
      Pattern.compile("(?m)^\\d{4}-\\d{2}-\\d{2}T\\S+\\s+(TRACE|DEBUG|INFO|WARN|ERROR)\\b");

  /** {@code maven.build.timestamp.format} in server/pom.xml: when the build began, in UTC. */
  private static final DateTimeFormatter BUILD_STARTED =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'");

  record Secret(String source, String value) {}

  @Test
  void noSecretOrHashInAnyAnswerOrLogLine() throws IOException {
    Path records = TestRecords.dir();
    assertThat(records).as("test.records.dir").isNotNull();
    Instant buildStarted =
        LocalDateTime.parse(System.getProperty("test.run"), BUILD_STARTED)
            .toInstant(ZoneOffset.UTC);

    // Secret or hash -> where it came from.
    Map<String, Secret> secrets = new HashMap<>();
    Map<String, Integer> bySource = new HashMap<>();
    for (String line :
        Files.readAllLines(
            existing(records.resolve(TestRecords.SECRETS)), StandardCharsets.UTF_8)) {
      String[] fields = line.split("\t");
      Secret secret = new Secret(fields[0], fields[1]);
      secrets.put(fields[1], secret);
      secrets.put(fields[2], secret);
      bySource.merge(fields[0], 1, Integer::sum);
    }
    assertThat(bySource)
        .as("secrets recorded, by where they were made")
        .containsKeys("create", "importAll", "rotateKey", "process-cli");
    assertThat(bySource.get("create")).as("agents the tests made").isGreaterThan(100);

    String validated =
        Files.readString(existing(Path.of(System.getProperty("test.responses.file"))));
    assertThat(validated.length())
        .as("the spec-validating client's answers")
        .isGreaterThan(100_000);
    String raw = Files.readString(existing(records.resolve(TestRecords.RAW_ANSWERS)));
    for (String via : List.of("socket", "process")) {
      assertThat(raw).as("answers read by raw clients: %s", via).contains("#answer " + via + "\n");
    }

    Map<String, String> logs = new LinkedHashMap<>();
    int buildLogLines = 0;
    for (String property : List.of("test.logs.dir", "test.failsafe.logs.dir")) {
      for (Path file : files(Path.of(System.getProperty(property)), "-output.txt")) {
        // A test class that printed nothing in this build leaves an earlier build's file as it was.
        if (Files.getLastModifiedTime(file).toInstant().isBefore(buildStarted)) {
          continue;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        logs.put(file.getFileName().toString(), text);
        buildLogLines += (int) LOG_LINE.matcher(text).results().count();
      }
    }
    assertThat(buildLogLines).as("log lines the test JVMs wrote in this build").isGreaterThan(100);
    int serverLogs = 0;
    int cliLogs = 0;
    for (Path file : files(records.resolve(TestRecords.LOGS), ".log")) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      logs.put(file.getFileName().toString(), text);
      serverLogs +=
          file.getFileName().toString().startsWith("server-")
                  && text.contains("Tomcat started on port")
              ? 1
              : 0;
      cliLogs += file.getFileName().toString().startsWith("cli-") ? 1 : 0;
    }
    assertThat(serverLogs).as("logs of server processes started in this build").isPositive();
    assertThat(cliLogs).as("logs of command-line processes started in this build").isPositive();

    List<String> leaks = new ArrayList<>();
    leaks.addAll(leaks(secrets, "in the spec-validating client's answers", validated));
    leaks.addAll(leaks(secrets, "in the raw clients' answers", raw));
    logs.forEach((name, text) -> leaks.addAll(leaks(secrets, "in the log " + name, text)));
    assertThat(leaks).isEmpty();
  }

  /**
   * Where {@code text} holds a recorded secret or hash (anywhere, even inside a longer word), or a
   * string shaped like a secret, line by line.
   */
  private static List<String> leaks(Map<String, Secret> secrets, String where, String text) {
    List<String> leaks = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      String at = where + ", line " + (n + 1);
      for (int i = line.indexOf("as_");
          i >= 0 && i + 46 <= line.length();
          i = line.indexOf("as_", i + 1)) {
        Secret secret = secrets.get(line.substring(i, i + 46));
        if (secret != null) {
          leaks.add(
              at
                  + ": a secret made by "
                  + secret.source()
                  + " ("
                  + line.substring(i, i + 8)
                  + "…)");
        }
      }
      Matcher hex = HEX_RUN.matcher(line);
      while (hex.find()) {
        for (int i = hex.start(); i + 64 <= hex.end(); i++) {
          Secret secret = secrets.get(line.substring(i, i + 64));
          if (secret != null) {
            leaks.add(
                at
                    + ": the hash of a secret made by "
                    + secret.source()
                    + " ("
                    + line.substring(i, i + 8)
                    + "…)");
          }
        }
      }
      Matcher shaped = SECRET_SHAPE.matcher(line);
      while (shaped.find()) {
        if (!secrets.containsKey(shaped.group())) {
          leaks.add(
              at
                  + ": a string shaped like a secret, not one the tests recorded ("
                  + shaped.group().substring(0, 8)
                  + "…)");
        }
      }
    }
    return leaks;
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(existing(dir))) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static Path existing(Path path) {
    assertThat(path).as("recorded in this build").exists();
    return path;
  }
}
