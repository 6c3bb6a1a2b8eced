package org.availkit.contract.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contract gate's summary: each check and its result, read from the test reports of this
 * module, printed at the end of the build and written as {@code target/contract-report.html}.
 * Runs in the post-integration-test phase, before failsafe fails the build, so a failing gate
 * still gets its report.
 */
public final class ContractReport {

  /** A check, and the test classes whose results make it. */
  record Check(String name, String what, List<String> testClasses) {}

  record Result(Check check, int run, int failed, int skipped) {
    String verdict() {
      if (run == 0) {
        return "not run";
      }
      return failed > 0 ? "FAILED" : "passed";
    }
  }

  static final List<Check> CHECKS = List.of(
      new Check("helpdesk-web pacts", "helpdesk-web's expectations, written to target/pacts",
          List.of("org.availkit.contract.consumer.HelpdeskWebPactTest")),
      new Check("libredesk-web pacts", "Libredesk's own web frontend's calls, written to target/pacts",
          List.of("org.availkit.contract.consumer.LibredeskWebPactTest")),
      new Check("libredesk-web", "that frontend's calls in order, against server and mock, as upstream stores them",
          List.of("org.availkit.contract.differential.LibredeskWebSessionTest")),
      new Check("pacts vs server", "the pacts verified against the server on a random port",
          List.of("org.availkit.contract.provider.ServerPactVerificationTest",
              "org.availkit.contract.provider.BrokerServerPactVerificationTest")),
      new Check("pacts vs mock", "the pacts verified against the mock",
          List.of("org.availkit.contract.provider.MockPactVerificationTest",
              "org.availkit.contract.provider.BrokerMockPactVerificationTest")),
      new Check("broker mode", "pacts from a (fake) Pact Broker by selectors; results published only when asked",
          List.of("org.availkit.contract.provider.BrokerModeTest")),
      new Check("pacts vs spec", "every pact interaction validated against openapi.yaml",
          List.of("org.availkit.contract.spec.PactsMatchTheSpecTest")),
      new Check("server vs mock", "one case list from the spec, both answers compared",
          List.of("org.availkit.contract.differential.ServerVersusMockTest")),
      new Check("CORS, both", "preflights and cross-origin requests, one origin list: every Access-Control-* header compared",
          List.of("org.availkit.contract.differential.CorsDifferentialTest")),
      new Check("schema vs both", "every status x source: what the schema allows both accept, the rest both refuse alike",
          List.of("org.availkit.contract.differential.SchemaCombinationsTest")),
      new Check("breaking changes", "openapi-diff against the last released contract",
          List.of("org.availkit.contract.spec.BreakingChangesTest")),
      new Check("clients", "generated TypeScript client against the mock (-Pclients)",
          List.of("clients")));


  public static void main(String[] args) throws IOException {
    Path target = Path.of(args.length > 0 ? args[0] : "target");
    // Results older than this build's pacts are left over from an earlier build (say, one with -Pclients).
    Path pacts = target.resolve("pacts");
    long buildStart = newestFile(pacts) - 5_000;
    List<Result> results = new ArrayList<>();
    for (Check check : CHECKS) {
      int run = 0;
      int failed = 0;
      int skipped = 0;
      for (String testClass : check.testClasses()) {
        for (String dir : List.of("surefire-reports", "failsafe-reports", "clients")) {
          Path xml = target.resolve(dir).resolve("TEST-" + testClass + ".xml");
          if (Files.exists(xml) && Files.getLastModifiedTime(xml).toMillis() >= buildStart) {
            Map<String, Integer> counts = counts(Files.readString(xml, StandardCharsets.UTF_8));
            run += counts.get("tests") - counts.get("skipped");
            failed += counts.get("failures") + counts.get("errors");
            skipped += counts.get("skipped");
          }
        }
      }
      results.add(new Result(check, run, failed, skipped));
    }
    System.out.println();
    System.out.println("Contract gate");
    for (Result r : results) {
      System.out.printf("  %-20s %-8s %3d run, %d failed   %s%n", r.check().name(), r.verdict(), r.run(), r.failed(),
          r.check().what());
    }
    Path html = target.resolve("contract-report.html");
    Files.writeString(html, html(results), StandardCharsets.UTF_8);
    System.out.println("  report: " + html.toAbsolutePath());
    System.out.println();
  }

  private static long newestFile(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Long.MIN_VALUE + 5_000;
    }
    try (var files = Files.list(dir)) {
      long newest = Long.MIN_VALUE + 5_000;
      for (Path f : files.toList()) {
        newest = Math.max(newest, Files.getLastModifiedTime(f).toMillis());
      }
      return newest;
    }
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

  static String html(List<Result> results) {
    StringBuilder rows = new StringBuilder();
    for (Result r : results) {
      String colour = switch (r.verdict()) {
        case "passed" -> "#1a7f37";
        case "FAILED" -> "#cf222e";
        default -> "#6e7781";
      };
      rows.append("<tr><td>").append(r.check().name()).append("</td><td style=\"color:").append(colour)
          .append(";font-weight:bold\">").append(r.verdict()).append("</td><td>").append(r.run())
          .append("</td><td>").append(r.failed()).append("</td><td>").append(r.check().what()).append("</td></tr>\n");
    }
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Contract gate</title>
        <style>body{font-family:sans-serif;margin:2em}td,th{padding:.3em 1em;text-align:left;border-bottom:1px solid #ddd}</style>
        </head><body>
        <h1>Contract gate</h1>
        <table><tr><th>check</th><th>result</th><th>run</th><th>failed</th><th>what</th></tr>
        %s</table>
        <p>Details: target/surefire-reports and target/failsafe-reports of contract-tests.</p>
        </body></html>
        """.formatted(rows);
  }
}
