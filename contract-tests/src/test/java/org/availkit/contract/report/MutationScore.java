package org.availkit.contract.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A module's PIT report. {@code killed} counts the mutants PIT calls detected ({@code
 * detected='true'}: KILLED, and TIMED_OUT, MEMORY_ERROR, RUN_ERROR, which PIT counts as killed too,
 * in {@code DetectionStatus}); the score is killed over all mutants, PIT's own "Generated N
 * mutations Killed K (x%)" (its {@code MutationStatistics.getPercentageDetected}). {@code present}
 * is false when this build wrote no report for the module.
 */
record MutationScore(
    String module, boolean present, int total, int killed, int survived, int noCoverage)
    implements ModuleFigure {

  /**
   * A module's PIT XML report: PIT's default reportsDirectory ({@code target/pit-reports}), which
   * since PIT 1.9.6 is not split into timestamped directories unless timestampedReports is set (its
   * release notes, #1085).
   */
  static final String REPORT = "target/pit-reports/mutations.xml";

  static MutationScore notRun(String module) {
    return new MutationScore(module, false, 0, 0, 0, 0);
  }

  /**
   * The module's PIT XML report ({@code mutations.xml}: one {@code <mutation detected='true|false'
   * status='KILLED|SURVIVED|NO_COVERAGE|TIMED_OUT|…'>} element a mutant, as PIT's {@code
   * XMLReportListener} writes it), or "not run" when it is missing or older than {@code
   * buildStart}.
   */
  static MutationScore read(String module, Path report, long buildStart) throws IOException {
    if (!ContractReport.writtenSince(report, buildStart)) {
      return notRun(module);
    }
    Matcher mutation =
        Pattern.compile("<mutation\\s[^>]*>")
            .matcher(Files.readString(report, StandardCharsets.UTF_8));
    int total = 0;
    int killed = 0;
    int survived = 0;
    int noCoverage = 0;
    while (mutation.find()) {
      String tag = mutation.group();
      total++;
      if ("true".equals(attribute(tag, "detected"))) {
        killed++;
      }
      String status = attribute(tag, "status");
      if ("SURVIVED".equals(status)) {
        survived++;
      } else if ("NO_COVERAGE".equals(status)) {
        noCoverage++;
      }
    }
    return new MutationScore(module, true, total, killed, survived, noCoverage);
  }

  private static String attribute(String tag, String name) {
    Matcher m = Pattern.compile("\\s" + name + "=(['\"])([^'\"]*)\\1").matcher(tag);
    return m.find() ? m.group(2) : null;
  }

  @Override
  public String verdict() {
    if (!present) {
      return "not run";
    }
    return ModuleFigure.percent(killed, total);
  }

  @Override
  public String counts() {
    if (!present) {
      return ModuleFigure.missing(module, REPORT, "-Pmutation");
    }
    return String.format(
        Locale.ROOT,
        "%d of %d killed, %d survived, %d no coverage",
        killed,
        total,
        survived,
        noCoverage);
  }
}
