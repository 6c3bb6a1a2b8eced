package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * The headers an answer made outside Spring Security's chain gets (the size limit's 413 on a declared
 * length, Tomcat's own answers such as the 400 CorsIntegrationTest provokes, or a 503 while it drains):
 * for an allowed origin on an API path, and nothing else.
 */
class CorsContainerErrorTest {

  private final UrlBasedCorsConfigurationSource source = new CorsConfig().apiCorsConfiguration(new AvailkitProperties(
      DataSize.ofKilobytes(16), false, java.nio.file.Path.of("unused"), new AvailkitProperties.AuthFailures(20, Duration.ofSeconds(60), 1000),
      Duration.ofSeconds(5), true, new AvailkitProperties.Cors(List.of("https://*.example.com"))));

  @Test
  void anEarlyAnswerToAnAllowedOriginCarriesTheHeaders() {
    MockHttpServletResponse response = draining("https://eu.example.com", "/api/v1/agents/me/availability");
    assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://eu.example.com");
    assertThat(response.getHeader("Access-Control-Expose-Headers")).isEqualTo(String.join(", ", CorsConfig.EXPOSED_HEADERS));
  }

  @Test
  void anotherOriginAnOriginSpringCannotParseOrAPathOutsideTheApiGetsNone() {
    assertThat(draining("https://evil.example", "/api/v1/agents/me").getHeader("Access-Control-Allow-Origin")).isNull();
    assertThat(draining("https://a b.example.com", "/api/v1/agents/me").getHeader("Access-Control-Allow-Origin")).isNull();
    assertThat(draining("https://eu.example.com", "/actuator/health").getHeader("Access-Control-Allow-Origin")).isNull();
  }

  private MockHttpServletResponse draining(String origin, String path) {
    MockHttpServletRequest request = new MockHttpServletRequest("PUT", path);
    request.addHeader("Origin", origin);
    MockHttpServletResponse response = new MockHttpServletResponse();
    response.setStatus(503);
    CorsConfig.addToEarlyAnswer(source, request, response);
    return response;
  }
}
