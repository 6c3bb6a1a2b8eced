package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.availkit.server.ApiIntegrationTest;
import org.availkit.server.TestAgents.TestAgent;
import org.junit.jupiter.api.Test;

/** With no origins listed (the default), no page on another origin gets an answer it may read. */
class CorsClosedByDefaultIntegrationTest extends ApiIntegrationTest {

  @Test
  void aPreflightFromAnyOriginIs403InTheEnvelope() {
    Exchange answer =
        api.raw(
            "OPTIONS",
            "/api/v1/agents/me/availability",
            Map.of("Origin", "http://localhost:5173", "Access-Control-Request-Method", "PUT"),
            null);
    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.errorType()).isEqualTo("PermissionException");
    assertThat(answer.header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void aCrossOriginRequestIsRefusedWhileTheSameRequestWithoutOneIsServed() {
    TestAgent agent = agents.create();
    Map<String, String> crossOrigin = ApiTestClient.headers(agent.basic(), null);
    crossOrigin.put("Origin", "http://localhost:5173");
    assertThat(api.sendInvalid("GET", "/api/v1/agents/me", crossOrigin, null).status())
        .isEqualTo(403);

    Map<String, String> sameOrigin = ApiTestClient.headers(agent.basic(), null);
    sameOrigin.put("Origin", "http://localhost:" + port);
    assertThat(api.sendInvalid("GET", "/api/v1/agents/me", sameOrigin, null).status())
        .isEqualTo(200);
    assertThat(api.getMe(agent.basic()).status()).isEqualTo(200);
  }
}
