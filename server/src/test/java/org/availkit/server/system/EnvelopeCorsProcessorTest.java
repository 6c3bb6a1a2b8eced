package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS as the server's filter answers it (CorsConfig's filter with its processor, the API's paths
 * and an operator's two origins): Spring's decisions, answered 204 for an accepted preflight and
 * 403 in the envelope, naming what was refused, otherwise.
 */
class EnvelopeCorsProcessorTest {

  private static final String APP = "http://app.test";
  private static final String AVAILABILITY = "/api/v1/agents/me/availability";
  private static final String ME = "/api/v1/agents/me";

  private final CorsFilter filter =
      new CorsConfig()
          .corsFilter(
              TestSettings.cors(List.of(APP, "https://*.example.com")), ContractJson.errorWriter());

  @Test
  void anAllowedPreflightIs204WithTheMethodsHeadersAndMaxAge() throws Exception {
    Answer answer = send(preflight(APP, AVAILABILITY, "PUT", "authorization, content-type"));
    assertThat(answer.passed()).isFalse();
    assertThat(answer.response().getStatus()).isEqualTo(204);
    assertThat(answer.response().getHeader("Access-Control-Allow-Origin")).isEqualTo(APP);
    assertThat(answer.response().getHeader("Access-Control-Allow-Methods")).isEqualTo("PUT");
    assertThat(answer.response().getHeader("Access-Control-Allow-Headers"))
        .isEqualToIgnoringCase("authorization, content-type");
    assertThat(answer.response().getHeader("Access-Control-Max-Age")).isEqualTo("600");
    assertThat(answer.response().getContentAsString()).isEmpty();
  }

  @Test
  void aPatternedOriginIsAllowedToo() throws Exception {
    Answer answer = send(preflight("https://eu.example.com", ME, "GET", null));
    assertThat(answer.response().getStatus()).isEqualTo(204);
    assertThat(answer.response().getHeader("Access-Control-Allow-Origin"))
        .isEqualTo("https://eu.example.com");
  }

  @Test
  void aPreflightFromAnotherOriginIsRefusedNamingTheOrigin() throws Exception {
    assertRefused(
        send(preflight("https://evil.test", AVAILABILITY, "PUT", null)),
        "Cross-origin requests from https://evil.test are not allowed.");
  }

  @Test
  void aMethodThePathDoesNotTakeIsRefusedNamingTheOnesItDoes() throws Exception {
    assertRefused(
        send(preflight(APP, AVAILABILITY, "DELETE", null)),
        "Method DELETE is not allowed from another origin. Allowed methods are PUT.");
    MockHttpServletRequest post = new MockHttpServletRequest("POST", ME);
    post.addHeader("Origin", APP);
    assertRefused(
        send(post), "Method POST is not allowed from another origin. Allowed methods are GET.");
  }

  @Test
  void requestHeadersOutsideTheListAreRefusedNamingTheAllowedOnes() throws Exception {
    assertRefused(
        send(preflight(APP, AVAILABILITY, "PUT", "x-debug")),
        "Request headers x-debug are not allowed from another origin. Allowed headers are Authorization, Content-Type, Prefer.");
  }

  @Test
  void aPreflightToAPathOutsideTheApiIsRefused() throws Exception {
    assertRefused(
        send(preflight(APP, "/swagger-ui/index.html", "GET", null)),
        "This cross-origin request is not allowed.");
  }

  @Test
  void anAllowedCrossOriginRequestGoesOnWithTheHeadersAPageNeedsToReadTheAnswer() throws Exception {
    MockHttpServletRequest get = new MockHttpServletRequest("GET", ME);
    get.addHeader("Origin", APP);
    Answer answer = send(get);
    assertThat(answer.passed()).isTrue();
    assertThat(answer.response().getStatus()).isEqualTo(200);
    assertThat(answer.response().getHeader("Access-Control-Allow-Origin")).isEqualTo(APP);
    assertThat(answer.response().getHeader("Access-Control-Expose-Headers"))
        .isEqualTo("WWW-Authenticate, Retry-After, Allow, X-Request-Id");
    assertThat(answer.response().getHeaders("Vary")).contains("Origin");
  }

  @Test
  void aCrossOriginRequestFromAnotherOriginIsRefused() throws Exception {
    MockHttpServletRequest put = new MockHttpServletRequest("PUT", AVAILABILITY);
    put.addHeader("Origin", "https://evil.test");
    assertRefused(send(put), "Cross-origin requests from https://evil.test are not allowed.");
  }

  @Test
  void aSameOriginOrNoOriginRequestIsNotCors() throws Exception {
    MockHttpServletRequest sameOrigin = new MockHttpServletRequest("PUT", AVAILABILITY);
    sameOrigin.addHeader("Origin", "http://localhost");
    Answer same = send(sameOrigin);
    assertThat(same.passed()).isTrue();
    assertThat(same.response().getHeader("Access-Control-Allow-Origin")).isNull();

    MockHttpServletRequest noOrigin =
        new MockHttpServletRequest("OPTIONS", "/swagger-ui/index.html");
    noOrigin.addHeader("Access-Control-Request-Method", "GET");
    assertThat(send(noOrigin).passed()).isTrue();
  }

  /**
   * Outside the API only a cross-origin preflight is refused: a page may still link to Swagger UI.
   */
  @Test
  void outsideTheApiOtherRequestsGoOnWithoutCorsHeaders() throws Exception {
    MockHttpServletRequest crossOrigin =
        new MockHttpServletRequest("GET", "/swagger-ui/index.html");
    crossOrigin.addHeader("Origin", APP);
    Answer page = send(crossOrigin);
    assertThat(page.passed()).isTrue();
    assertThat(page.response().getStatus()).isEqualTo(200);
    assertThat(page.response().getHeader("Access-Control-Allow-Origin")).isNull();

    MockHttpServletRequest sameOrigin =
        preflight("http://localhost", "/swagger-ui/index.html", "GET", null);
    Answer own = send(sameOrigin);
    assertThat(own.response().getStatus()).isEqualTo(200);
    assertThat(own.response().getContentAsString()).isEmpty();
  }

  private static void assertRefused(Answer answer, String message) throws Exception {
    assertThat(answer.passed()).isFalse();
    assertThat(answer.response().getStatus()).isEqualTo(403);
    assertThat(answer.response().getHeader("Access-Control-Allow-Origin")).isNull();
    String body = answer.response().getContentAsString();
    assertThat(body).contains("\"error_type\":\"PermissionException\"");
    assertThat(ContractJson.mapper().readTree(body).path("message").asString()).isEqualTo(message);
  }

  private static MockHttpServletRequest preflight(
      String origin, String path, String method, String headers) {
    MockHttpServletRequest request = new MockHttpServletRequest("OPTIONS", path);
    request.addHeader("Origin", origin);
    request.addHeader("Access-Control-Request-Method", method);
    if (headers != null) {
      request.addHeader("Access-Control-Request-Headers", headers);
    }
    return request;
  }

  private record Answer(MockHttpServletResponse response, boolean passed) {}

  private Answer send(MockHttpServletRequest request) throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(request, response, chain);
    return new Answer(response, chain.getRequest() != null);
  }
}
