package org.availkit.contract.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A module's test coverage from JaCoCo's XML report: lines and branches of its main code run by its
 * own tests (the unit and integration tests that surefire runs in the module). {@code present} is
 * false when this build wrote no report for the module.
 */
record Coverage(
    String module, boolean present, int linesCovered, int lines, int branchesCovered, int branches)
    implements ModuleFigure {

  /**
   * Where JaCoCo's report goal writes its XML (the goal's default outputDirectory,
   * target/site/jacoco).
   */
  static final String REPORT = "target/site/jacoco/jacoco.xml";

  private static final Pattern COUNTER =
      Pattern.compile("<counter type=\"(\\w+)\" missed=\"(\\d+)\" covered=\"(\\d+)\"/>");

  static Coverage notRun(String module) {
    return new Coverage(module, false, 0, 0, 0, 0);
  }

  /**
   * The module's totals: the {@code <counter>} elements of {@code <report>} itself, which JaCoCo's
   * {@code XMLFormatter} writes last, after every package's, class's and method's own.
   */
  static Coverage read(String module, Path report, long buildStart) throws IOException {
    if (!ContractReport.writtenSince(report, buildStart)) {
      return notRun(module);
    }
    String xml = Files.readString(report, StandardCharsets.UTF_8);
    Matcher counter = COUNTER.matcher(xml);
    int[] line = {0, 0};
    int[] branch = {0, 0};
    while (counter.find()) {
      int missed = Integer.parseInt(counter.group(2));
      int covered = Integer.parseInt(counter.group(3));
      int[] into =
          switch (counter.group(1)) {
            case "LINE" -> line;
            case "BRANCH" -> branch;
            default -> null;
          };
      if (into != null) { // the last of each type wins
        into[0] = covered;
        into[1] = missed + covered;
      }
    }
    return new Coverage(module, true, line[0], line[1], branch[0], branch[1]);
  }

  @Override
  public String verdict() {
    return present ? ModuleFigure.percent(linesCovered, lines) : "not run";
  }

  @Override
  public String counts() {
    if (!present) {
      return ModuleFigure.missing(module, REPORT, "./mvnw verify");
    }
    return String.format(
        Locale.ROOT,
        "lines %d of %d; branches %d of %d (%s)",
        linesCovered,
        lines,
        branchesCovered,
        branches,
        ModuleFigure.percent(branchesCovered, branches));
  }
}
