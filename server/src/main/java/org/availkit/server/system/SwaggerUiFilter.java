package org.availkit.server.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.availkit.server.error.ApiError;
import org.availkit.server.error.ErrorWriter;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The project's Swagger UI page and nothing else of the Swagger UI webjar: Spring Boot serves every
 * file of a webjar under {@code /webjars/**}, and this one holds the stock page ({@code index.html}
 * with {@code swagger-initializer.js}, which loads the Petstore spec from another site) and an
 * OAuth2 redirect page. Only the two files the page loads are served; the rest is a 404. The page
 * gets a Content-Security-Policy (scripts, styles and requests to this origin only; no framing) and
 * a Referrer-Policy.
 */
@Component
class SwaggerUiFilter extends OncePerRequestFilter {

  static final String WEBJAR = "/webjars/swagger-ui/";

  /** What {@code static/swagger-ui/index.html} loads from the webjar. */
  static final Set<String> SERVED =
      Set.of(WEBJAR + "swagger-ui.css", WEBJAR + "swagger-ui-bundle.js");

  /**
   * Swagger UI renders with React, which sets styles through the DOM (allowed without
   * 'unsafe-inline'), and shows its icons as {@code data:} SVG images.
   */
  static final String PAGE_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final ErrorWriter errors;

  SwaggerUiFilter(ErrorWriter errors) {
    this.errors = errors;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = path(request);
    return !path.startsWith("/webjars/") && !path.startsWith("/swagger-ui");
  }

  /**
   * The path as Spring MVC matches it: decoded, so that {@code /%77ebjars/...} is {@code
   * /webjars/...} here too (the raw URI let it past this filter to the resource handler). Tomcat's
   * mapper has decoded and normalised it already: the servlet path of the dispatcher, mapped to
   * {@code /}.
   */
  private static String path(HttpServletRequest request) {
    return request.getServletPath();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = path(request);
    if (path.startsWith("/webjars/") && !SERVED.contains(path)) {
      errors.write(response, ApiError.forStatus(404, request.getMethod(), path));
      return;
    }
    response.setHeader("Content-Security-Policy", PAGE_POLICY);
    response.setHeader("Referrer-Policy", "no-referrer");
    chain.doFilter(request, response);
  }
}
