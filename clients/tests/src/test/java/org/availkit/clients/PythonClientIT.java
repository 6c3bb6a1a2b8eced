package org.availkit.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.availkit.clients.Targets.Target;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Python package (the python generator's client as a wheel) installed with pip into a fresh
 * virtualenv, with its dependencies pinned (requirements.txt) from PyPI; the project's pytest tests
 * and the README's example run against each target. Its own report: {@code
 * target/client-reports/TEST-python-<target>.xml}.
 */
class PythonClientIT {

  static Scratch project;

  @BeforeAll
  static void install() {
    project = Scratch.of("python");
    project.run("python3", "-m", "venv", "venv");
    project.run(
        "venv/bin/pip",
        "install",
        "--disable-pip-version-check",
        "--require-virtualenv",
        "-r",
        "requirements.txt",
        Scratch.packageNamed("availability_client-").toString());
  }

  static List<Target> targets() {
    return Targets.all();
  }

  @ParameterizedTest(name = "against the {0}")
  @MethodSource("targets")
  void passesItsTestsAndTheExample(Target target) {
    var env = Targets.environment("python", target);
    project.run(
        env,
        "venv/bin/pytest",
        "-p",
        "no:cacheprovider",
        "-o",
        "junit_suite_name=python-" + target.name(),
        "--junitxml=" + Scratch.REPORTS.resolve("TEST-python-" + target.name() + ".xml"),
        "test_client.py");
    assertThat(project.run(env, "venv/bin/python", "example.py")).contains("away_manual");
  }
}
