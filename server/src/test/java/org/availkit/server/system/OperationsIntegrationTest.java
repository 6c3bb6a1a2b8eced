package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Map;
import org.availkit.server.ApiIntegrationTest;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.junit.jupiter.api.Test;

/** What operators and API users get besides the API: the contract, Swagger UI, probes, metrics. */
class OperationsIntegrationTest extends ApiIntegrationTest {


  @Test
  void servesThePackagedSpecUnchangedWithoutCredentials() throws Exception {
    Exchange answer = api.raw("GET", "/api/v1/openapi.yaml", Map.of(), null);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("Content-Type")).startsWith("application/yaml");
    try (InputStream in = getClass().getResourceAsStream("/openapi.yaml")) {
      assertThat(answer.body()).isEqualTo(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void servesSwaggerUiForTheSpec() {
    Exchange page = api.raw("GET", "/swagger-ui/index.html", Map.of(), null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("/api/v1/openapi.yaml");
    assertThat(api.raw("GET", "/webjars/swagger-ui/swagger-ui-bundle.js", Map.of(), null).status()).isEqualTo(200);
  }

  @Test
  void exposesProbesAndPrometheusMetrics() {
    assertThat(api.raw("GET", "/actuator/health/liveness", Map.of(), null).body()).contains("\"UP\"");
    assertThat(api.raw("GET", "/actuator/health/readiness", Map.of(), null).body()).contains("\"UP\"");
    api.raw("GET", "/api/v1/agents/me", Map.of(), null);
    assertThat(api.raw("GET", "/actuator/prometheus", Map.of(), null).body()).contains("http_server_requests_seconds");
  }
}
