package org.availkit.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.availkit.clients.Targets.Target;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TypeScript package (npm pack's tarball of the typescript-fetch client) installed into a
 * scratch project with npm, as a user adds it; the project's tests and the README's example
 * compiled with tsc against the package's types, then run with node's test runner against each
 * target. Its own report: {@code target/client-reports/TEST-typescript-<target>.xml}.
 */
class TypeScriptClientIT {

  static Scratch project;

  @BeforeAll
  static void install() {
    project = Scratch.of("typescript");
    project.run(
        "npm",
        "install",
        "--no-audit",
        "--no-fund",
        "--no-package-lock",
        "--no-save",
        Scratch.packageNamed("availability-client-").toString());
    project.run("npm", "run", "build");
  }

  static List<Target> targets() {
    return Targets.all();
  }

  @ParameterizedTest(name = "against the {0}")
  @MethodSource("targets")
  void passesItsTestsAndTheExample(Target target) {
    var env = Targets.environment("typescript", target);
    project.run(
        env,
        "node",
        "--test",
        "--test-reporter=spec",
        "--test-reporter-destination=stdout",
        "--test-reporter=junit",
        "--test-reporter-destination="
            + Scratch.REPORTS.resolve("TEST-typescript-" + target.name() + ".xml"),
        "dist/client.test.js");
    assertThat(project.run(env, "node", "dist/example.js")).contains("away_manual");
  }
}
