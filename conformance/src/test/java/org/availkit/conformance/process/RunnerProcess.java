package org.availkit.conformance.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.availkit.contract.testing.TestProcess;

/** The packaged runner, {@code java -jar availability-conformance.jar ...}, as a user runs it. */
final class RunnerProcess {

  static final Path JAR =
      Path.of(System.getProperty("conformance.jar", "target/availability-conformance.jar"))
          .toAbsolutePath();

  /** How a run ended: its exit status and everything it printed. */
  record Run(int exit, String output) {}

  private RunnerProcess() {}

  static Run run(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("-jar", JAR.toString()));
    command.addAll(List.of(arguments));
    try (TestProcess runner = TestProcess.java(command.toArray(String[]::new)).start()) {
      if (!runner.waitFor(Duration.ofMinutes(5))) {
        throw new IllegalStateException(
            "the runner did not end within 5 minutes: " + runner.text());
      }
      return new Run(runner.exitValue(), runner.text());
    }
  }

  /** A run against {@code baseUrl} with these credentials, its reports to {@code report}. */
  static Run against(String baseUrl, String key, String secret, Path report, String... more)
      throws Exception {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--base-url",
                baseUrl,
                "--key",
                key,
                "--secret",
                secret,
                "--report",
                report.toString()));
    arguments.addAll(List.of(more));
    return run(arguments.toArray(String[]::new));
  }
}
