package org.availkit.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.availkit.contract.testing.ReportPage;

/**
 * What a run writes to its report directory: JUnit XML, one {@code TEST-conformance.<suite>.xml}
 * per suite (as a CI server reads surefire's), {@code summary.json}, and {@code report.html}, the
 * contract gate's page ({@link ReportPage}) with a row per suite and a table of what failed.
 */
final class Reports {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What each suite checks, as the page's last column says it. */
  static final Map<String, String> WHAT =
      Map.of(
          BlackBoxSuite.NAME,
          "the gate's server-vs-mock case list: every request value x source, both credential"
              + " forms, bad credentials, every documented error; each answer validated against"
              + " the spec",
          RulesSuite.NAME,
          "the rules table: every current x requested status x source, from its starting status"
              + " reached through the API",
          PactSuite.suiteName("helpdesk-web"),
          "helpdesk-web's pact, through Pact JVM's verifier, provider states set through the API",
          PactSuite.suiteName("libredesk-web"),
          "libredesk-web's pact, through Pact JVM's verifier, provider states set through the API");

  private Reports() {}

  /** The outcomes by suite, in the order the suites ran. */
  static Map<String, List<Outcome>> bySuite(List<Outcome> outcomes) {
    Map<String, List<Outcome>> suites = new LinkedHashMap<>();
    for (Outcome o : outcomes) {
      suites.computeIfAbsent(o.suite(), s -> new ArrayList<>()).add(o);
    }
    return suites;
  }

  static List<ReportPage.Row> rows(List<Outcome> outcomes) {
    List<ReportPage.Row> rows = new ArrayList<>();
    bySuite(outcomes)
        .forEach(
            (suite, list) ->
                rows.add(
                    new ReportPage.Row(
                        suite,
                        count(list, Outcome.Verdict.PASSED),
                        count(list, Outcome.Verdict.FAILED),
                        count(list, Outcome.Verdict.SKIPPED),
                        WHAT.getOrDefault(suite, ""))));
    return rows;
  }

  static int count(List<Outcome> outcomes, Outcome.Verdict verdict) {
    return (int) outcomes.stream().filter(o -> o.verdict() == verdict).count();
  }

  static void write(Path dir, RunnerOptions options, Instant started, List<Outcome> outcomes)
      throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, List<Outcome>> suite : bySuite(outcomes).entrySet()) {
      Files.writeString(
          dir.resolve("TEST-conformance." + suite.getKey().replace(' ', '.') + ".xml"),
          junit(suite.getKey(), suite.getValue()),
          StandardCharsets.UTF_8);
    }
    Files.writeString(
        dir.resolve("summary.json"),
        JSON.writeValueAsString(summary(options, started, outcomes)),
        StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("report.html"), html(options, outcomes), StandardCharsets.UTF_8);
  }

  static String junit(String suite, List<Outcome> outcomes) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    double time = outcomes.stream().mapToDouble(Outcome::seconds).sum();
    xml.append(
        String.format(
            Locale.ROOT,
            "<testsuite name=\"conformance.%s\" tests=\"%d\" failures=\"%d\" errors=\"0\""
                + " skipped=\"%d\" time=\"%.3f\">%n",
            attribute(suite),
            outcomes.size(),
            count(outcomes, Outcome.Verdict.FAILED),
            count(outcomes, Outcome.Verdict.SKIPPED),
            time));
    for (Outcome o : outcomes) {
      xml.append(
          String.format(
              Locale.ROOT,
              "  <testcase classname=\"conformance.%s\" name=\"%s\" time=\"%.3f\"",
              attribute(suite),
              attribute(o.name()),
              o.seconds()));
      switch (o.verdict()) {
        case PASSED -> xml.append("/>\n");
        case FAILED ->
            xml.append(">\n    <failure message=\"")
                .append(attribute(o.message()))
                .append("\"/>\n  </testcase>\n");
        case SKIPPED ->
            xml.append(">\n    <skipped message=\"")
                .append(attribute(o.message()))
                .append("\"/>\n  </testcase>\n");
      }
    }
    return xml.append("</testsuite>\n").toString();
  }

  static ObjectNode summary(RunnerOptions options, Instant started, List<Outcome> outcomes) {
    ObjectNode summary = JSON.createObjectNode();
    summary.put("base_url", options.baseUrl());
    summary.put("read_only", options.readOnly());
    summary.put("started", started.toString());
    summary.put("finished", Instant.now().toString());
    summary.put("result", count(outcomes, Outcome.Verdict.FAILED) > 0 ? "failed" : "passed");
    summary.put("passed", count(outcomes, Outcome.Verdict.PASSED));
    summary.put("failed", count(outcomes, Outcome.Verdict.FAILED));
    summary.put("skipped", count(outcomes, Outcome.Verdict.SKIPPED));
    ArrayNode suites = summary.putArray("suites");
    for (ReportPage.Row row : rows(outcomes)) {
      suites
          .addObject()
          .put("name", row.name())
          .put("result", row.verdict())
          .put("passed", row.passed())
          .put("failed", row.failed())
          .put("skipped", row.skipped());
    }
    ArrayNode failures = summary.putArray("failures");
    ArrayNode skipped = summary.putArray("skipped_cases");
    for (Outcome o : outcomes) {
      if (o.verdict() == Outcome.Verdict.FAILED) {
        failures
            .addObject()
            .put("suite", o.suite())
            .put("case", o.name())
            .put("message", o.message());
      } else if (o.verdict() == Outcome.Verdict.SKIPPED) {
        skipped
            .addObject()
            .put("suite", o.suite())
            .put("case", o.name())
            .put("reason", o.message());
      }
    }
    return summary;
  }

  static String html(RunnerOptions options, List<Outcome> outcomes) {
    StringBuilder tables = new StringBuilder();
    for (Outcome.Verdict verdict : List.of(Outcome.Verdict.FAILED, Outcome.Verdict.SKIPPED)) {
      List<Outcome> listed = outcomes.stream().filter(o -> o.verdict() == verdict).toList();
      if (listed.isEmpty()) {
        continue;
      }
      tables
          .append("<h2>")
          .append(verdict == Outcome.Verdict.FAILED ? "Failed" : "Skipped")
          .append("</h2>\n<table><tr><th>suite</th><th>case</th><th>")
          .append(verdict == Outcome.Verdict.FAILED ? "expected, and what came back" : "why")
          .append("</th></tr>\n");
      for (Outcome o : listed) {
        tables
            .append("<tr><td>")
            .append(ReportPage.escape(o.suite()))
            .append("</td><td>")
            .append(ReportPage.escape(o.name()))
            .append("</td><td>")
            .append(ReportPage.escape(o.message()))
            .append("</td></tr>\n");
      }
      tables.append("</table>\n");
    }
    return ReportPage.html(
        "Conformance of " + ReportPage.escape(options.baseUrl()),
        rows(outcomes),
        tables.toString(),
        "availability-conformance.jar"
            + (options.readOnly() ? " --read-only" : "")
            + "; JUnit XML and summary.json beside this page.");
  }

  private static String attribute(String text) {
    return ReportPage.escape(text)
        .replace("\"", "&quot;")
        .replaceAll("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]", "?");
  }
}
