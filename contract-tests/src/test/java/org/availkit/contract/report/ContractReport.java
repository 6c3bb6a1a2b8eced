package org.availkit.contract.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.availkit.contract.testing.ReportPage;

/**
 * The contract gate's summary: each check and its result, read from the test reports of this
 * module, then the mutation score of the modules PIT ran on and each module's test coverage,
 * printed at the end of the build and written as {@code target/contract-report.html}. Runs in the
 * post-integration-test phase, before failsafe fails the build, so a failing gate still gets its
 * report.
 *
 * <p>Only files written by this build count: a result file older than the build's start is an
 * earlier build's (after {@code ./mvnw verify -DskipTests} every result file is), and its check
 * says "not run" rather than that earlier build's verdict.
 *
 * <p>Arguments: this module's target directory, the build's start (an ISO-8601 instant, which the
 * pom passes as {@code maven.build.timestamp}), the repository's root, then the modules whose PIT
 * report ({@code MODULE/target/pit-reports/mutations.xml}) the report shows, and those whose JaCoCo
 * report ({@code MODULE/target/site/jacoco/jacoco.xml}) it shows, each comma-separated; then
 * directories of further test reports (the clients', -Pclients), comma-separated too.
 */
public final class ContractReport {

  /**
   * A check, and the test classes whose results make it; a name ending in {@code .*} stands for
   * every test class of that package.
   */
  record Check(String name, String what, List<String> testClasses) {

    boolean covers(String testClass) {
      for (String name : testClasses) {
        if (name.endsWith(".*")
            ? testClass.startsWith(name.substring(0, name.length() - 1))
                && testClass.indexOf('.', name.length() - 1) < 0
            : testClass.equals(name)) {
          return true;
        }
      }
      return false;
    }
  }

  /** A check's counts: {@code passed} tests ran and passed, {@code failed} failed or broke. */
  record Result(Check check, int passed, int failed, int skipped) {
    String verdict() {
      return row().verdict();
    }

    ReportPage.Row row() {
      return new ReportPage.Row(check.name(), passed, failed, skipped, check.what());
    }
  }

  /** A section under the checks: one figure per module, from one tool's reports. */
  record Section(String title, List<? extends ModuleFigure> figures) {}

  static final List<Check> CHECKS =
      List.of(
          new Check(
              "helpdesk-web pacts",
              "helpdesk-web's expectations, written to target/pacts",
              List.of("org.availkit.contract.consumer.HelpdeskWebPactTest")),
          new Check(
              "libredesk-web pacts",
              "Libredesk's own web frontend's calls, written to target/pacts",
              List.of("org.availkit.contract.consumer.LibredeskWebPactTest")),
          new Check(
              "libredesk-web",
              "that frontend's calls in order, against server and mock, as upstream stores them",
              List.of("org.availkit.contract.differential.LibredeskWebSessionTest")),
          new Check(
              "pacts vs server",
              "the pacts verified against the server on a random port",
              List.of(
                  "org.availkit.contract.provider.ServerPactVerificationTest",
                  "org.availkit.contract.provider.BrokerServerPactVerificationTest")),
          new Check(
              "pacts vs mock",
              "the pacts verified against the mock",
              List.of(
                  "org.availkit.contract.provider.MockPactVerificationTest",
                  "org.availkit.contract.provider.BrokerMockPactVerificationTest")),
          new Check(
              "broker mode",
              "pacts from a (fake) Pact Broker by selectors; results published only when asked",
              List.of("org.availkit.contract.provider.BrokerModeTest")),
          new Check(
              "pacts vs spec",
              "every pact interaction validated against openapi.yaml",
              List.of("org.availkit.contract.spec.PactsMatchTheSpecTest")),
          new Check(
              "server vs mock",
              "one case list from the spec, both answers compared",
              List.of("org.availkit.contract.differential.ServerVersusMockTest")),
          new Check(
              "CORS, both",
              "preflights and cross-origin requests, one origin list: every Access-Control-* header compared",
              List.of("org.availkit.contract.differential.CorsDifferentialTest")),
          new Check(
              "schema vs both",
              "every status x source: what the schema allows both accept, the rest both refuse alike",
              List.of("org.availkit.contract.differential.SchemaCombinationsTest")),
          new Check(
              "hostile input",
              "generated malformed requests, byte for byte, to server and mock: documented 4xx, no state changed",
              List.of("org.availkit.contract.hardening.*")),
          new Check(
              "breaking changes",
              "openapi-diff against the last released contract",
              List.of("org.availkit.contract.spec.BreakingChangesTest")),
          new Check(
              "TypeScript client",
              "the npm package in a scratch project, node's test runner, vs mock and server (-Pclients)",
              List.of("typescript-mock", "typescript-server")),
          new Check(
              "Python client",
              "the wheel in a fresh virtualenv, pytest, vs mock and server (-Pclients)",
              List.of("python-mock", "python-server")),
          new Check(
              "Go client",
              "the module through a module proxy, go test, vs mock and server (-Pclients)",
              List.of("go-mock", "go-server")),
          new Check(
              "Java client",
              "the jar and its pom installed in a scratch Maven project, JUnit, vs mock and server (-Pclients)",
              List.of("java-mock", "java-server")));

  /** Where the test reports are, under the target directory. */
  static final List<String> REPORT_DIRS = List.of("surefire-reports", "failsafe-reports");

  public static void main(String[] args) throws IOException {
    Path target = Path.of(args.length > 0 ? args[0] : "target");
    // Without the pom's argument (run by hand), this JVM's start: exec:java runs in Maven's JVM.
    long buildStart =
        args.length > 1
            ? Instant.parse(args[1]).toEpochMilli()
            : ManagementFactory.getRuntimeMXBean().getStartTime();
    Path root = Path.of(args.length > 2 ? args[2] : "..");
    List<MutationScore> mutations = new ArrayList<>();
    for (String module : modules(args, 3)) {
      mutations.add(
          MutationScore.read(
              module, root.resolve(module).resolve(MutationScore.REPORT), buildStart));
    }
    List<Coverage> coverage = new ArrayList<>();
    for (String module : modules(args, 4)) {
      coverage.add(
          Coverage.read(module, root.resolve(module).resolve(Coverage.REPORT), buildStart));
    }
    List<Section> sections =
        List.of(
            new Section("Mutation score (PIT, -Pmutation)", mutations),
            new Section("Coverage (JaCoCo, lines)", coverage));
    List<Path> reportDirs = new ArrayList<>();
    REPORT_DIRS.forEach(dir -> reportDirs.add(target.resolve(dir)));
    modules(args, 5).forEach(dir -> reportDirs.add(Path.of(dir)));
    List<Result> results = results(reportDirs, buildStart);
    System.out.println();
    System.out.print(text(results, sections));
    Path html = target.resolve("contract-report.html");
    Files.writeString(html, html(results, sections), StandardCharsets.UTF_8);
    System.out.println("  report: " + html.toAbsolutePath());
    System.out.println();
  }

  /** The comma-separated module names of argument {@code i}, none when it is absent or empty. */
  private static List<String> modules(String[] args, int i) {
    return args.length > i && !args[i].isBlank() ? List.of(args[i].split(",")) : List.of();
  }

  /**
   * Each check's counts from the test reports under {@code target}'s report directories written at
   * or after {@code buildStart}.
   */
  static List<Result> results(Path target, long buildStart) throws IOException {
    return results(REPORT_DIRS.stream().map(target::resolve).toList(), buildStart);
  }

  /**
   * Each check's counts from the test reports in {@code dirs} written at or after {@code
   * buildStart}.
   */
  static List<Result> results(List<Path> dirs, long buildStart) throws IOException {
    List<Result> results = new ArrayList<>();
    for (Check check : CHECKS) {
      int passed = 0;
      int failed = 0;
      int skipped = 0;
      for (Path xml : reports(dirs)) {
        if (check.covers(testClass(xml)) && writtenSince(xml, buildStart)) {
          Map<String, Integer> counts = counts(Files.readString(xml, StandardCharsets.UTF_8));
          int broken = counts.get("failures") + counts.get("errors");
          passed += counts.get("tests") - counts.get("skipped") - broken;
          failed += broken;
          skipped += counts.get("skipped");
        }
      }
      results.add(new Result(check, passed, failed, skipped));
    }
    return results;
  }

  /** The test reports ({@code TEST-*.xml}) in {@code dirs}. */
  static List<Path> reports(List<Path> dirs) throws IOException {
    List<Path> reports = new ArrayList<>();
    for (Path d : dirs) {
      if (Files.isDirectory(d)) {
        try (Stream<Path> files = Files.list(d)) {
          files
              .filter(f -> f.getFileName().toString().matches("TEST-.+\\.xml"))
              .sorted()
              .forEach(reports::add);
        }
      }
    }
    return reports;
  }

  /** {@code TEST-org.example.FooTest.xml}: {@code org.example.FooTest}. */
  static String testClass(Path report) {
    String name = report.getFileName().toString();
    return name.substring("TEST-".length(), name.length() - ".xml".length());
  }

  /** Whether {@code file} exists and was written at or after {@code buildStart}: by this build. */
  static boolean writtenSince(Path file, long buildStart) throws IOException {
    return Files.isRegularFile(file) && Files.getLastModifiedTime(file).toMillis() >= buildStart;
  }

  static String text(List<Result> results, List<Section> sections) {
    StringBuilder out = new StringBuilder("Contract gate\n");
    for (Result r : results) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %-20s %-8s %3d passed, %d failed, %d skipped   %s%n",
              r.check().name(),
              r.verdict(),
              r.passed(),
              r.failed(),
              r.skipped(),
              r.check().what()));
    }
    for (Section section : sections) {
      if (!section.figures().isEmpty()) {
        out.append(section.title()).append('\n');
        for (ModuleFigure m : section.figures()) {
          out.append(
              String.format(Locale.ROOT, "  %-20s %-8s %s%n", m.module(), m.verdict(), m.counts()));
        }
      }
    }
    return out.toString();
  }

  static Map<String, Integer> counts(String xml) {
    Matcher suite = Pattern.compile("<testsuite\\b[^>]*>").matcher(xml);
    Map<String, Integer> counts = new LinkedHashMap<>();
    if (!suite.find()) {
      // Node's JUnit reporter: test cases without a suite element.
      counts.put("tests", occurrences(xml, "<testcase\\b"));
      counts.put("failures", occurrences(xml, "<failure\\b"));
      counts.put("errors", 0);
      counts.put("skipped", occurrences(xml, "<skipped\\b"));
      return counts;
    }
    String tag = suite.group();
    for (String name : List.of("tests", "failures", "errors", "skipped")) {
      Matcher m = Pattern.compile("\\s" + name + "=\"(\\d+)\"").matcher(tag);
      counts.put(name, m.find() ? Integer.parseInt(m.group(1)) : 0);
    }
    return counts;
  }

  private static int occurrences(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  static String html(List<Result> results, List<Section> sections) {
    StringBuilder tables = new StringBuilder();
    for (Section section : sections) {
      if (!section.figures().isEmpty()) {
        tables
            .append("<h2>")
            .append(section.title())
            .append("</h2>\n")
            .append("<table><tr><th>module</th><th>figure</th><th>from</th></tr>\n");
        for (ModuleFigure m : section.figures()) {
          tables
              .append("<tr><td>")
              .append(m.module())
              .append("</td><td style=\"font-weight:bold\">")
              .append(m.verdict())
              .append("</td><td>")
              .append(m.counts())
              .append("</td></tr>\n");
        }
        tables.append("</table>\n");
      }
    }
    return ReportPage.html(
        "Contract gate",
        results.stream().map(Result::row).toList(),
        tables.toString(),
        "Details: target/surefire-reports and target/failsafe-reports of contract-tests; only this"
            + " build's results count.");
  }
}
