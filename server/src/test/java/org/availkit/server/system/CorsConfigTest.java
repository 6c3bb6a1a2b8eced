package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.filter.CorsFilter;

/**
 * The API's paths with their methods from the generated interface, each with the same CORS
 * settings, and the filter Spring Security alone runs.
 */
class CorsConfigTest {

  @Test
  void thePathsAreTheSpecsWithTheirMethods() {
    assertThat(CorsConfig.paths())
        .isEqualTo(
            Map.of(
                "/api/v1/agents/me", List.of("GET"),
                "/api/v1/agents/me/availability", List.of("PUT"),
                "/api/v1/openapi.yaml", List.of("GET")));
  }

  @Test
  void everyPathHasTheOperatorsOriginsTheHeadersAndTheMaxAge() {
    Map<String, CorsConfiguration> configs =
        TestSettings.cors(List.of("https://*.example.com")).getCorsConfigurations();
    assertThat(configs).containsOnlyKeys(CorsConfig.paths().keySet());
    configs.forEach(
        (path, config) -> {
          assertThat(config.getAllowedOriginPatterns()).containsExactly("https://*.example.com");
          assertThat(config.getAllowedMethods()).isEqualTo(CorsConfig.paths().get(path));
          assertThat(config.getAllowedHeaders())
              .containsExactly("Authorization", "Content-Type", "Prefer");
          assertThat(config.getExposedHeaders())
              .containsExactly("WWW-Authenticate", "Retry-After", "Allow", "X-Request-Id");
          assertThat(config.getMaxAge()).isEqualTo(600);
        });
  }

  @Test
  void theFilterIsNotAlsoRegisteredForEveryRequest() {
    CorsConfig cors = new CorsConfig();
    CorsFilter filter = cors.corsFilter(TestSettings.cors(List.of()), ContractJson.errorWriter());
    FilterRegistrationBean<CorsFilter> registration = cors.corsFilterNotAsAServletFilter(filter);
    assertThat(registration.getFilter()).isSameAs(filter);
    assertThat(registration.isEnabled()).isFalse();
  }
}
