package org.availkit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.availkit.contract.testing.ApiTestClient;
import org.junit.jupiter.api.Test;

/**
 * The mock serves what the spec says: change an example in the spec, and the mock's answers change.
 */
class MockFollowsTheSpecTest {

  @Test
  void changingTheExampleAgentChangesTheAgentServed() {
    String spec = ContractSpec.packaged().text();
    assertThat(spec).contains("first_name: John");
    ContractSpec edited =
        ContractSpec.fromText(spec.replace("first_name: John", "first_name: Grace"));
    try (AvailabilityMock mock =
        AvailabilityMock.start(MockOptions.defaults().withPort(0), edited)) {
      var answer =
          MockTestSupport.send(
              mock,
              "GET",
              "/api/v1/agents/me",
              Map.of("Authorization", MockTestSupport.DEMO),
              null);
      assertThat(answer.body()).contains("\"first_name\":\"Grace\"").doesNotContain("John");
    }
  }

  @Test
  void changingAnErrorExampleChangesWhatPreferServes() {
    String spec = ContractSpec.packaged().text();
    ContractSpec edited =
        ContractSpec.fromText(
            spec.replace("message: This agent is disabled.", "message: Account paused."));
    try (AvailabilityMock mock =
        AvailabilityMock.start(MockOptions.defaults().withPort(0), edited)) {
      var answer =
          MockTestSupport.send(
              mock,
              "GET",
              "/api/v1/agents/me",
              Map.of("Authorization", MockTestSupport.DEMO, "Prefer", "code=403"),
              null);
      assertThat(answer.status()).isEqualTo(403);
      assertThat(answer.body()).contains("Account paused.");
    }
  }

  @Test
  void thePackagedSpecIsTheOneServed() {
    try (AvailabilityMock mock = MockTestSupport.start()) {
      assertThat(
              new ApiTestClient(mock.port())
                  .raw("GET", "/api/v1/openapi.yaml", Map.of(), null)
                  .body())
          .isEqualTo(MockTestSupport.specAsWritten());
    }
  }
}
