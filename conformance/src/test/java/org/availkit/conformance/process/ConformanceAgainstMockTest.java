package org.availkit.conformance.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.availkit.contract.testing.MockAdmin;
import org.availkit.mock.AvailabilityMock;
import org.availkit.mock.MockOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runner against the mock: every suite passes, the reports are written, the agent's
 * status is what it was, and {@code --read-only} changes nothing; its usage errors and an
 * unreachable URL end with 2.
 */
class ConformanceAgainstMockTest {

  static final String KEY = "ak_conformance";
  static final String SECRET = "as_conformance";
  static final ObjectMapper JSON = new ObjectMapper();

  static AvailabilityMock mock;

  @BeforeAll
  static void start() {
    mock =
        AvailabilityMock.start(MockOptions.parse("--credential", KEY + ":" + SECRET).withPort(0));
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  @Test
  void everySuitePassesAgainstTheMockAndTheStatusItFoundIsRestored(@TempDir Path report)
      throws Exception {
    new MockAdmin(mock.port()).setStatus(KEY, "busy");

    RunnerProcess.Run run = RunnerProcess.against(mock.url(), KEY, SECRET, report);

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("black-box            passed")
        .contains("rules                passed    84 passed, 0 failed, 0 skipped")
        .contains("pacts helpdesk-web   passed     9 passed, 0 failed, 0 skipped")
        .contains("pacts libredesk-web  passed     9 passed, 0 failed, 0 skipped")
        .contains("Restored the agent's status: busy")
        .doesNotContain("FAIL");
    assertThat(
            new MockAdmin(mock.port()).agent(KEY).path("data").path("availability_status").asText())
        .isEqualTo("busy");
    JsonNode summary = JSON.readTree(report.resolve("summary.json").toFile());
    assertThat(summary.path("result").asText()).isEqualTo("passed");
    assertThat(summary.path("failed").asInt()).isZero();
    assertThat(summary.path("passed").asInt()).isPositive();
    assertThat(summary.path("skipped").asInt()).isZero();
    assertThat(Files.readString(report.resolve("TEST-conformance.rules.xml")))
        .contains("tests=\"84\" failures=\"0\"");
    assertThat(report.resolve("TEST-conformance.black-box.xml")).exists();
    assertThat(report.resolve("TEST-conformance.pacts.helpdesk-web.xml")).exists();
    assertThat(Files.readString(report.resolve("report.html")))
        .contains("<h1>Conformance of " + mock.url() + "</h1>")
        .contains(
            "<td>rules</td><td style=\"color:#1a7f37;font-weight:bold\">passed</td><td>84</td>");
  }

  @Test
  void readOnlyChangesNothing(@TempDir Path report) throws Exception {
    MockAdmin admin = new MockAdmin(mock.port());
    admin.setStatus(KEY, "away_manual");
    JsonNode before = admin.agent(KEY).path("data");

    RunnerProcess.Run run = RunnerProcess.against(mock.url(), KEY, SECRET, report, "--read-only");

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("(read-only)")
        .contains("rules                skipped    0 passed, 0 failed, 84 skipped")
        .doesNotContain("Restored");
    assertThat(admin.agent(KEY).path("data"))
        .as("the agent, updated_at included")
        .isEqualTo(before);
    JsonNode summary = JSON.readTree(report.resolve("summary.json").toFile());
    assertThat(summary.path("read_only").asBoolean()).isTrue();
    assertThat(summary.path("skipped_cases").toString())
        .contains("--read-only: a PUT the spec allows is a write")
        .contains("is out of reach: the agent is away_manual, and reaching online is a write");
  }

  @Test
  void usageErrorsBadCredentialsAndAnUnreachableUrlEndWith2(@TempDir Path report) throws Exception {
    RunnerProcess.Run missing = RunnerProcess.run("--base-url", mock.url());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.output()).contains("--base-url, --key and --secret are required", "usage:");

    RunnerProcess.Run refused = RunnerProcess.against(mock.url(), KEY, "as_wrong", report);
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.output()).contains("The credentials are refused (401)");

    // A port nothing listens on: the mock's, once it is closed.
    AvailabilityMock closed =
        AvailabilityMock.start(MockOptions.parse("--credential", KEY + ":" + SECRET).withPort(0));
    String url = closed.url();
    closed.close();
    RunnerProcess.Run unreachable = RunnerProcess.against(url, KEY, SECRET, report);
    assertThat(unreachable.exit()).isEqualTo(2);
    assertThat(unreachable.output()).contains("Cannot reach " + url + ": ");
  }
}
