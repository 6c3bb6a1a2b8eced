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
 * The headers an answer made outside Spring Security's chain gets (the size limit's 413 on a
 * declared length, Tomcat's own answers such as the 400 CorsIntegrationTest provokes, or a 503
 * while it drains): for an allowed origin on an API path, and nothing else.
 */
class CorsContainerErrorTest {

  private final UrlBasedCorsConfigurationSource source =
      new CorsConfig()
          .apiCorsConfiguration(
              new AvailkitProperties(
                  DataSize.ofKilobytes(16),
                  false,
                  java.nio.file.Path.of("unused"),
                  new AvailkitProperties.AuthFailures(20, Duration.ofSeconds(60), 1000),
                  Duration.ofSeconds(5),
                  true,
                  new AvailkitProperties.Cors(List.of("https://*.example.com")),
                  Duration.ofMillis(250)));

  @Test
  void anEarlyAnswerToAnAllowedOriginCarriesTheHeaders() {
    MockHttpServletResponse response =
        draining("https://eu.example.com", "/api/v1/agents/me/availability");
    assertThat(response.getHeader("Access-Control-Allow-Origin"))
        .isEqualTo("https://eu.example.com");
    assertThat(response.getHeader("Access-Control-Expose-Headers"))
        .isEqualTo(String.join(", ", CorsConfig.EXPOSED_HEADERS));
    assertThat(response.getHeaders("Vary")).contains("Origin");
  }

  @Test
  void aRequestWithoutAnOriginOrFromTheServersOwnGetsNone() {
    MockHttpServletRequest noOrigin =
        new MockHttpServletRequest("PUT", "/api/v1/agents/me/availability");
    MockHttpServletResponse response = new MockHttpServletResponse();
    CorsConfig.addToEarlyAnswer(source, noOrigin, response);
    assertThat(response.getHeaderNames()).isEmpty();

    MockHttpServletResponse sameOrigin =
        draining("http://localhost", "/api/v1/agents/me/availability");
    assertThat(sameOrigin.getHeader("Access-Control-Allow-Origin")).isNull();
    assertThat(sameOrigin.getHeaderNames()).isEmpty();
  }

  @Test
  void anotherOriginAnOriginSpringCannotParseOrAPathOutsideTheApiGetsNone() {
    assertThat(draining("https://evil.example", "/api/v1/agents/me").getHeaderNames()).isEmpty();
    assertThat(draining("https://a b.example.com", "/api/v1/agents/me").getHeaderNames()).isEmpty();
    assertThat(draining("https://eu.example.com", "/actuator/health").getHeaderNames()).isEmpty();
  }

  /** A page of the server's own origin needs no CORS headers, even where that origin is listed. */
  @Test
  void aSameOriginRequestGetsNoneEvenFromAListedOrigin() {
    MockHttpServletRequest request =
        new MockHttpServletRequest("PUT", "/api/v1/agents/me/availability");
    request.setScheme("https");
    request.setServerName("eu.example.com");
    request.setServerPort(443);
    request.addHeader("Origin", "https://eu.example.com");
    MockHttpServletResponse response = new MockHttpServletResponse();
    CorsConfig.addToEarlyAnswer(source, request, response);
    assertThat(response.getHeaderNames()).isEmpty();
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
