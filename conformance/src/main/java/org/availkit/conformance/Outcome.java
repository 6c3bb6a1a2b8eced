package org.availkit.conformance;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One case's result: in which suite, its name, whether it passed, failed or was skipped, and why
 * (what was expected and what came back, or why it did not run).
 */
record Outcome(String suite, String name, Verdict verdict, String message, double seconds) {

  enum Verdict {
    PASSED,
    FAILED,
    SKIPPED
  }

  static Outcome passed(String suite, String name, double seconds) {
    return new Outcome(suite, name, Verdict.PASSED, "", seconds);
  }

  static Outcome failed(String suite, String name, String message, double seconds) {
    return new Outcome(suite, name, Verdict.FAILED, oneLine(message), seconds);
  }

  static Outcome skipped(String suite, String name, String reason) {
    return new Outcome(suite, name, Verdict.SKIPPED, reason, 0);
  }

  /** The line printed for a failure: the case, what was expected, what came back. */
  String failureLine() {
    return "FAIL [" + suite + "] " + name + ": " + message;
  }

  /**
   * An assertion's message, readable: the spec-validating client's {@code [what was sent and what
   * came back] Expecting empty but was: [the violations]} as that, then the violations.
   */
  static String readable(Throwable e) {
    String message = oneLine(e.getMessage());
    Matcher m = SPEC_CHECK.matcher(message);
    return m.matches() ? m.group(1) + "; " + m.group(2) : message;
  }

  private static final Pattern SPEC_CHECK =
      Pattern.compile(
          "^\\[(.*?: the exchange must match the spec)] Expecting empty but was: (.*)$");

  /** AssertJ's and Pact's messages span lines; a failure is printed on one. */
  static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
