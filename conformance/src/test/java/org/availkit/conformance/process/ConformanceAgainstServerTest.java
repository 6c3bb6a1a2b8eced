package org.availkit.conformance.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.TestProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runner against the server's jar as an operator runs it: on the embedded database in
 * a directory of its own, with an agent made by its command line ({@code agents create}), the
 * runner knowing nothing but the URL and that agent's credentials.
 */
class ConformanceAgainstServerTest {

  static final Path SERVER_JAR =
      Path.of(System.getProperty("server.jar", "../server/target/availability-server.jar"))
          .toAbsolutePath();
  private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

  @Test
  void everySuitePassesAgainstTheServer(@TempDir Path workDir, @TempDir Path report)
      throws Exception {
    JsonNode agent = createAgent(workDir);
    String key = agent.path("api_key").asText();
    String secret = agent.path("api_secret").asText();
    try (TestProcess server =
        TestProcess.java(
                "-jar",
                SERVER_JAR.toString(),
                "--server.port=0",
                "--management.server.port=0",
                "--availkit.bootstrap-admin=false")
            .directory(workDir)
            .start()) {
      int port = Integer.parseInt(server.awaitLine(PORT, 0, Duration.ofSeconds(120)).group(1));
      String url = "http://localhost:" + port;
      new ApiTestClient(url).put(ApiTestClient.basic(key, secret), "{\"status\":\"offline\"}");

      RunnerProcess.Run run = RunnerProcess.against(url, key, secret, report);

      assertThat(run.exit()).as(run.output()).isZero();
      assertThat(run.output())
          .contains("black-box            passed")
          .contains("rules                passed    84 passed, 0 failed, 0 skipped")
          .contains("pacts helpdesk-web   passed     9 passed, 0 failed, 0 skipped")
          .contains("pacts libredesk-web  passed     9 passed, 0 failed, 0 skipped")
          .contains("Restored the agent's status: offline")
          .doesNotContain("FAIL");
      assertThat(
              new ApiTestClient(url)
                  .getMe(ApiTestClient.basic(key, secret))
                  .json()
                  .path("data")
                  .path("availability_status")
                  .asText())
          .isEqualTo("offline");
    }
  }

  /** {@code agents create}, before the server starts (the embedded database has one user). */
  private static JsonNode createAgent(Path workDir) throws Exception {
    List<String> command =
        List.of(
            "-jar",
            SERVER_JAR.toString(),
            "agents",
            "create",
            "--email",
            "conformance@test.example",
            "--first-name",
            "Con",
            "--last-name",
            "Formance",
            "--team",
            "Support");
    try (TestProcess cli =
        TestProcess.java(command.toArray(String[]::new))
            .directory(workDir)
            .errorsTo(null)
            .start()) {
      assertThat(cli.waitFor(Duration.ofMinutes(3))).as("agents create ended").isTrue();
      assertThat(cli.exitValue()).as(cli.text()).isZero();
      return new ObjectMapper().readTree(cli.text());
    }
  }
}
