package org.availkit.contract.testing;

import java.util.List;

/**
 * The contract gate's HTML page (contract-tests' {@code ContractReport}) and the conformance
 * runner's, written once: a title, one row per check with its verdict and counts, then whatever
 * tables the report adds, and a closing line.
 */
public final class ReportPage {

  /** A check's line: {@code passed} tests ran and passed, {@code failed} failed or broke. */
  public record Row(String name, int passed, int failed, int skipped, String what) {

    /** FAILED when any failed, passed when any passed, else skipped or not run. */
    public String verdict() {
      if (failed > 0) {
        return "FAILED";
      }
      if (passed > 0) {
        return "passed";
      }
      return skipped > 0 ? "skipped" : "not run";
    }
  }

  private ReportPage() {}

  /** The page: {@code tables} (HTML) under the checks' table, then {@code footer} (HTML). */
  public static String html(String title, List<Row> rows, String tables, String footer) {
    StringBuilder lines = new StringBuilder();
    for (Row r : rows) {
      lines
          .append("<tr><td>")
          .append(r.name())
          .append("</td><td style=\"color:")
          .append(colour(r.verdict()))
          .append(";font-weight:bold\">")
          .append(r.verdict())
          .append("</td><td>")
          .append(r.passed())
          .append("</td><td>")
          .append(r.failed())
          .append("</td><td>")
          .append(r.skipped())
          .append("</td><td>")
          .append(r.what())
          .append("</td></tr>\n");
    }
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>%s</title>
        <style>body{font-family:sans-serif;margin:2em}td,th{padding:.3em 1em;text-align:left;border-bottom:1px solid #ddd}</style>
        </head><body>
        <h1>%s</h1>
        <table><tr><th>check</th><th>result</th><th>passed</th><th>failed</th><th>skipped</th><th>what</th></tr>
        %s</table>
        %s<p>%s</p>
        </body></html>
        """
        .formatted(title, title, lines, tables, footer);
  }

  /** Text for an HTML element's content: {@code <}, {@code >} and {@code &} escaped. */
  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String colour(String verdict) {
    return switch (verdict) {
      case "passed" -> "#1a7f37";
      case "FAILED" -> "#cf222e";
      default -> "#6e7781";
    };
  }
}
