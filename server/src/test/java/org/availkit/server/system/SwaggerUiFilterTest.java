package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The project's Swagger UI page with its policy, the two webjar files it loads, and nothing else of
 * the webjar.
 */
class SwaggerUiFilterTest {

  private final SwaggerUiFilter filter = new SwaggerUiFilter(ContractJson.errorWriter());

  @Test
  void thePageAndTheFilesItLoadsAreServedWithThePolicy() throws Exception {
    for (String path :
        new String[] {
          "/swagger-ui/index.html",
          "/webjars/swagger-ui/swagger-ui.css",
          "/webjars/swagger-ui/swagger-ui-bundle.js"
        }) {
      MockFilterChain chain = new MockFilterChain();
      MockHttpServletResponse response = send(path, chain);
      assertThat(chain.getRequest()).as(path).isNotNull();
      assertThat(response.getHeader("Content-Security-Policy"))
          .isEqualTo(SwaggerUiFilter.PAGE_POLICY);
      assertThat(response.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
    }
  }

  @Test
  void everyOtherFileOfTheWebjarIsA404InTheEnvelope() throws Exception {
    for (String path :
        new String[] {
          "/webjars/swagger-ui/index.html",
          "/webjars/swagger-ui/swagger-initializer.js",
          "/webjars/swagger-ui/oauth2-redirect.html",
          "/webjars/other/x.js"
        }) {
      MockFilterChain chain = new MockFilterChain();
      MockHttpServletResponse response = send(path, chain);
      assertThat(chain.getRequest()).as(path).isNull();
      assertThat(response.getStatus()).isEqualTo(404);
      assertThat(response.getContentAsString())
          .contains("\"error_type\":\"NotFoundException\"")
          .contains("No endpoint GET " + path + ".");
      assertThat(response.getHeader("Content-Security-Policy")).isNull();
    }
  }

  @Test
  void theApiIsNotItsConcern() throws Exception {
    MockFilterChain chain = new MockFilterChain();
    MockHttpServletResponse response = send("/api/v1/agents/me", chain);
    assertThat(chain.getRequest()).isNotNull();
    assertThat(response.getHeader("Content-Security-Policy")).isNull();
    assertThat(response.getHeader("Referrer-Policy")).isNull();
  }

  private MockHttpServletResponse send(String servletPath, MockFilterChain chain) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", servletPath);
    request.setServletPath(servletPath);
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request, response, chain);
    return response;
  }
}
