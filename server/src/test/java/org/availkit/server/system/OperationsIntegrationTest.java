package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.availkit.contract.testing.ThisMachine;
import org.availkit.server.ApiIntegrationTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

/** What operators and API users get besides the API: the contract, Swagger UI, probes, metrics. */
class OperationsIntegrationTest extends ApiIntegrationTest {

  @LocalManagementPort int managementPort;

  @Test
  void servesThePackagedSpecUnchangedWithoutCredentials() throws Exception {
    Exchange answer = api.raw("GET", "/api/v1/openapi.yaml", Map.of(), null);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("Content-Type")).startsWith("application/yaml");
    try (InputStream in = getClass().getResourceAsStream("/openapi.yaml")) {
      assertThat(answer.body())
          .isEqualTo(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void servesSwaggerUiForTheSpecWithAContentSecurityPolicy() {
    Exchange page = api.raw("GET", "/swagger-ui/index.html", Map.of(), null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Security-Policy"))
        .isEqualTo(SwaggerUiFilter.PAGE_POLICY)
        .contains("script-src 'self'");
    assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(page.body()).doesNotContain("<script>");
    Exchange init = api.raw("GET", "/swagger-ui/init.js", Map.of(), null);
    assertThat(init.status()).isEqualTo(200);
    assertThat(init.body()).contains("/api/v1/openapi.yaml");
    for (String served : SwaggerUiFilter.SERVED) {
      assertThat(api.raw("GET", served, Map.of(), null).status()).as(served).isEqualTo(200);
    }
  }

  /** The page under any spelling of its path gets the policy. */
  @Test
  void theSwaggerUiPageHasItsPolicyUnderAnEncodedPathToo() {
    Exchange page = api.raw("GET", "/%73wagger-ui/index.html", Map.of(), null);
    if (page.status() == 200) {
      assertThat(page.header("Content-Security-Policy")).isEqualTo(SwaggerUiFilter.PAGE_POLICY);
    }
  }

  /**
   * The webjar's own pages: the stock Petstore page and its OAuth2 redirect page are not the
   * project's.
   */
  @Test
  void servesNothingElseOfTheSwaggerUiWebjar() {
    for (String path :
        List.of(
            "/webjars/swagger-ui/index.html",
            "/webjars/swagger-ui/swagger-initializer.js",
            "/webjars/swagger-ui/oauth2-redirect.html",
            "/webjars/swagger-ui/oauth2-redirect.js",
            "/webjars/swagger-ui/",
            "/webjars/swagger-ui/swagger-ui.js",
            "/webjars/swagger-ui/5.34.1/index.html",
            "/webjars/other/x.js",
            // Percent-encoded letters: Spring MVC matches the decoded path, so the filter must too.
            "/%77ebjars/swagger-ui/index.html",
            "/webjars/swagger-ui/%69ndex.html")) {
      Exchange answer = api.raw("GET", path, Map.of(), null);
      assertThat(answer.status()).as(path).isEqualTo(404);
      assertThat(answer.errorType()).isEqualTo("NotFoundException");
    }
  }

  @Test
  void probesAndPrometheusMetricsAreOnTheManagementPort() {
    ApiTestClient management = new ApiTestClient(managementPort);
    assertThat(management.raw("GET", "/actuator/health/liveness", Map.of(), null).body())
        .contains("\"UP\"");
    assertThat(management.raw("GET", "/actuator/health/readiness", Map.of(), null).body())
        .contains("\"UP\"");
    api.raw("GET", "/api/v1/agents/me", Map.of(), null);
    assertThat(management.raw("GET", "/actuator/prometheus", Map.of(), null).body())
        .contains("http_server_requests_seconds");
  }

  /**
   * The API's port serves none of it: metrics show the working directory, the JVM's build and error
   * rates.
   */
  @Test
  void theApiPortServesNoManagementEndpoint() {
    assertThat(managementPort).isNotEqualTo(port);
    for (String path :
        List.of(
            "/actuator",
            "/actuator/health",
            "/actuator/health/readiness",
            "/actuator/prometheus")) {
      Exchange answer = api.raw("GET", path, Map.of(), null);
      assertThat(answer.status()).as(path).isEqualTo(404);
      assertThat(answer.errorType()).isEqualTo("NotFoundException");
    }
  }

  /** Bound to loopback by default: not reachable on this machine's other addresses. */
  @Test
  void theManagementPortListensOnLoopbackOnly() throws Exception {
    Optional<InetAddress> other = ThisMachine.externalAddress();
    Assumptions.assumeTrue(other.isPresent(), "this machine has no address but loopback");
    assertThat(ThisMachine.reachable(other.get(), managementPort))
        .as("management on %s", other.get())
        .isFalse();
    assertThat(ThisMachine.reachable(InetAddress.getLoopbackAddress(), managementPort)).isTrue();
  }
}
