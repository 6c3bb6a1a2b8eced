package org.availkit.contract.report;

import java.util.Locale;

/** One module's line in a section of the contract report (its mutation score, its coverage). */
interface ModuleFigure {

  String module();

  /** The headline figure, or "not run" when this build wrote no report for the module. */
  String verdict();

  /** What the figure is made of, or where its report was expected. */
  String counts();

  /** {@code part} of {@code whole} as a percentage to one decimal, "none" when there is nothing. */
  static String percent(int part, int whole) {
    return whole == 0 ? "none" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
  }

  /** Where a module's report was expected, for a figure this build did not write. */
  static String missing(String module, String report, String writtenBy) {
    return "no " + module + "/" + report + " from this build (" + writtenBy + " writes it)";
  }
}
