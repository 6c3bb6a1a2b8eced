package org.availkit.contract.report;

/** One module's line in a section of the contract report (its mutation score, its coverage). */
interface ModuleFigure {

  String module();

  /** The headline figure, or "not run" when this build wrote no report for the module. */
  String verdict();

  /** What the figure is made of, or where its report was expected. */
  String counts();
}
