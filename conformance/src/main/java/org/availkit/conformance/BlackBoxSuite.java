package org.availkit.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.BlackBoxCases;
import org.availkit.contract.testing.BlackBoxCases.Case;

/**
 * The differential suite's case list ({@link BlackBoxCases}) against the target: each answer must
 * have the case's status and be one the spec allows (the request too, when it is meant to be
 * valid); both credential forms, bad credentials and every documented error a request can cause are
 * among the cases.
 */
final class BlackBoxSuite {

  static final String NAME = "black-box";

  private final Target target;

  BlackBoxSuite(Target target) {
    this.target = target;
  }

  List<Outcome> run() {
    List<Outcome> outcomes = new ArrayList<>();
    Optional<String> online = target.readOnly() ? Optional.empty() : target.reach("online");
    for (Case c : BlackBoxCases.cases(target.key(), target.secret())) {
      if (target.readOnly() && !c.readOnly()) {
        outcomes.add(
            Outcome.skipped(NAME, c.name(), "--read-only: a PUT the spec allows is a write"));
        continue;
      }
      long start = System.nanoTime();
      outcomes.add(check(c, start, online));
    }
    return outcomes;
  }

  private Outcome check(Case c, long start, Optional<String> online) {
    String expected = "HTTP " + c.expected() + " and an answer the spec allows";
    try {
      ApiTestClient.Exchange answer = BlackBoxCases.send(target.api(), c);
      if (answer.status() != c.expected()) {
        return Outcome.failed(
            NAME,
            c.name(),
            "expected "
                + expected
                + ", got "
                + answer.status()
                + " "
                + Target.excerpt(answer.body())
                + online
                    .map(reason -> " (the agent could not be set online first: " + reason + ")")
                    .orElse(""),
            seconds(start));
      }
      List<String> missing =
          BlackBoxCases.specHeaders(c.documentedMethod(), c.path(), c.expected()).stream()
              .filter(header -> answer.header(header) == null)
              .sorted()
              .toList();
      if (!missing.isEmpty()) {
        // The validator checks only the headers a spec marks required; these it names for the
        // answer (WWW-Authenticate on a 401, Allow on a 405, Cache-Control on an agent).
        return Outcome.failed(
            NAME,
            c.name(),
            "expected the headers the spec names for a "
                + c.expected()
                + ", got an answer without "
                + missing
                + " (it has "
                + answer.headers().keySet()
                + ")",
            seconds(start));
      }
      return Outcome.passed(NAME, c.name(), seconds(start));
    } catch (AssertionError | RuntimeException e) {
      return Outcome.failed(
          NAME, c.name(), "expected " + expected + ", got: " + Outcome.readable(e), seconds(start));
    }
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
