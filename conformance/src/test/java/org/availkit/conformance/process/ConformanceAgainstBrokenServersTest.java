package org.availkit.conformance.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.availkit.conformance.process.BrokenServer.Fault;
import org.availkit.mock.AvailabilityMock;
import org.availkit.mock.MockOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runner against servers that each break the contract in one way ({@link
 * BrokenServer}, in front of a mock): each run fails (exit status 1), and its output names the
 * failing case, what was expected and what came back.
 */
class ConformanceAgainstBrokenServersTest {

  static final String KEY = ConformanceAgainstMockTest.KEY;
  static final String SECRET = ConformanceAgainstMockTest.SECRET;

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
  void aWrongErrorEnvelopeFails(@TempDir Path report) throws Exception {
    RunnerProcess.Run run = against(Fault.WRONG_ERROR_ENVELOPE, report);

    assertThat(run.exit()).as(run.output()).isEqualTo(1);
    assertThat(run.output())
        .contains(
            "FAIL [black-box] status outside the enum: expected HTTP 400 and an answer the spec"
                + " allows, got: PUT /api/v1/agents/me/availability -> 400"
                + " {\"error\":\"something went wrong\"}: the exchange must match the spec; [ERROR"
                + " - Object instance has properties which are not allowed by the schema:"
                + " [\"error\"]")
        .contains(
            "Object has missing required properties"
                + " ([\"data\",\"error_type\",\"message\",\"status\"])")
        .contains("FAIL [black-box] no credentials (GET): expected HTTP 401")
        .contains(
            "FAIL [pacts helpdesk-web] an invalid status: expected what helpdesk-web's pact says,"
                + " got: body: $ Actual map is missing the following keys: error_type, message,"
                + " status")
        .contains("Conformance: FAILED");
  }

  @Test
  void anIdleChangeThatOverwritesAManualStatusFails(@TempDir Path report) throws Exception {
    RunnerProcess.Run run = against(Fault.IDLE_OVERWRITES_MANUAL, report);

    assertThat(run.exit()).as(run.output()).isEqualTo(1);
    assertThat(run.output())
        .contains(
            "FAIL [rules] away_manual + away (idle) -> away_manual: expected: \"away_manual\" but was: \"away\"")
        .contains("FAIL [pacts helpdesk-web] idle detection marks a manually away agent available")
        .doesNotContain("FAIL [black-box]");
  }

  @Test
  void aSuccessWhoseBodyBreaksTheSchemaFails(@TempDir Path report) throws Exception {
    RunnerProcess.Run run = against(Fault.SCHEMA_BREAKING_200, report);

    assertThat(run.exit()).as(run.output()).isEqualTo(1);
    assertThat(run.output())
        .contains(
            "FAIL [black-box] GET the agent: expected HTTP 200 and an answer the spec allows, got:"
                + " GET /api/v1/agents/me -> 200 {\"status\":\"success\",\"data\":{\"id\":\"1\"")
        .contains(
            "[Path '/data/id'] Instance type (string) does not match any allowed primitive type")
        .contains(
            "FAIL [pacts helpdesk-web] a request for the current agent: expected what"
                + " helpdesk-web's pact says, got: body: $.data.id Expected '1' (String) to be an"
                + " integer")
        .doesNotContain("FAIL [black-box] no credentials");
  }

  @Test
  void aChallengelessUnauthorizedFails(@TempDir Path report) throws Exception {
    RunnerProcess.Run run = against(Fault.NO_CHALLENGE, report);

    assertThat(run.exit()).as(run.output()).isEqualTo(1);
    assertThat(run.output())
        .contains(
            "FAIL [black-box] no credentials (GET): expected the headers the spec names for a 401,"
                + " got an answer without [WWW-Authenticate]")
        .contains("FAIL [black-box] wrong secret, token: expected the headers the spec names")
        .doesNotContain("FAIL [black-box] GET the agent")
        .doesNotContain("FAIL [rules]");
  }

  private static RunnerProcess.Run against(Fault fault, Path report) throws Exception {
    try (BrokenServer broken = new BrokenServer(mock.url(), fault)) {
      return RunnerProcess.against(broken.url(), KEY, SECRET, report);
    }
  }
}
