package org.availkit.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.availkit.contract.testing.RuleCases;
import org.availkit.contract.testing.RuleCases.Rule;

/**
 * The literal rules table ({@link RuleCases}, the one the server's, the mock's and the
 * differential's tests check) against the target: every current status x requested status x source,
 * each from its starting status reached through the API, checked by the same {@link
 * RuleCases#assertFollows} (the result, whether {@code updated_at} moved, the 400 of a refused idle
 * change, and that a read shows what was answered).
 */
final class RulesSuite {

  static final String NAME = "rules";

  private final Target target;

  RulesSuite(Target target) {
    this.target = target;
  }

  List<Outcome> run() {
    List<Outcome> outcomes = new ArrayList<>();
    for (Rule rule : RuleCases.every().toList()) {
      String name = rule.toString();
      if (target.readOnly()) {
        outcomes.add(Outcome.skipped(NAME, name, "--read-only: the rules are writes"));
        continue;
      }
      long start = System.nanoTime();
      Optional<String> unreachable = target.reach(rule.current());
      if (unreachable.isPresent()) {
        // A user request sets any manual status (the spec's rules), so a status the API cannot
        // reach is itself a broken rule.
        outcomes.add(
            Outcome.failed(
                NAME,
                name,
                "expected the starting status "
                    + rule.current()
                    + " to be reachable through the API, but "
                    + unreachable.get(),
                BlackBoxSuite.seconds(start)));
        continue;
      }
      try {
        RuleCases.assertFollows(target.api(), target.basic(), rule);
        outcomes.add(Outcome.passed(NAME, name, BlackBoxSuite.seconds(start)));
      } catch (AssertionError | RuntimeException e) {
        outcomes.add(Outcome.failed(NAME, name, Outcome.readable(e), BlackBoxSuite.seconds(start)));
      }
    }
    return outcomes;
  }
}
