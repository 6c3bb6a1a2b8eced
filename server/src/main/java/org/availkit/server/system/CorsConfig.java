package org.availkit.server.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.availkit.server.api.AgentsApi;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS through Spring's own support: the origins of {@code availkit.cors.allowed-origins} (Spring's
 * origin patterns), for each path of the API the methods the spec gives it, the {@code
 * Authorization}, {@code Content-Type} and {@code Prefer} request headers, and the headers the spec
 * names in answers exposed. Spring Security's {@code cors()} puts the {@link #corsFilter} bean in its chain
 * (CorsConfigurer takes a bean of that name), before authentication, so a preflight needs no
 * credentials; its processor answers in the envelope ({@link EnvelopeCorsProcessor}).
 */
@Configuration(proxyBeanMethods = false)
class CorsConfig {

  /**
   * {@code Prefer} too: the server ignores it (RFC 7240 lets a server ignore a preference), so a page
   * written against the mock, which answers it, works against the server unchanged.
   */
  static final List<String> ALLOWED_HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, "Prefer");
  static final List<String> EXPOSED_HEADERS =
      List.of(HttpHeaders.WWW_AUTHENTICATE, HttpHeaders.RETRY_AFTER, HttpHeaders.ALLOW, RequestIdFilter.HEADER);
  static final long MAX_AGE_SECONDS = 600;

  /** The API's paths and their methods, as the generated interface has them from the spec. */
  private static final Map<String, List<String>> PATHS = Map.of(
      AgentsApi.PATH_GET_CURRENT_AGENT, List.of("GET"),
      AgentsApi.PATH_UPDATE_AGENT_AVAILABILITY, List.of("PUT"),
      OpenApiDocumentController.PATH, List.of("GET"));

  /** Typed as itself: Spring MVC's HandlerMappingIntrospector is a CorsConfigurationSource too. */
  @Bean
  UrlBasedCorsConfigurationSource apiCorsConfiguration(AvailkitProperties properties) {
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    PATHS.forEach((path, methods) -> {
      CorsConfiguration config = new CorsConfiguration();
      config.setAllowedOriginPatterns(properties.cors().allowedOrigins());
      config.setAllowedMethods(methods);
      config.setAllowedHeaders(ALLOWED_HEADERS);
      config.setExposedHeaders(EXPOSED_HEADERS);
      config.setMaxAge(MAX_AGE_SECONDS);
      source.registerCorsConfiguration(path, config);
    });
    return source;
  }

  @Bean
  CorsFilter corsFilter(UrlBasedCorsConfigurationSource source, ErrorWriter errors) {
    CorsFilter filter = new CorsFilter(source);
    filter.setCorsProcessor(new EnvelopeCorsProcessor(errors));
    return filter;
  }

  /** The filter runs in Spring Security's chain only; Boot would also register it for every request. */
  @Bean
  FilterRegistrationBean<CorsFilter> corsFilterNotAsAServletFilter(CorsFilter corsFilter) {
    FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(corsFilter);
    registration.setEnabled(false);
    return registration;
  }

  /**
   * For an answer Tomcat makes itself (a 503 while the server drains, a 400 for a request it cannot
   * parse), which no filter sees: the headers an allowed origin gets on every answer.
   */
  static void addToContainerError(UrlBasedCorsConfigurationSource source, HttpServletRequest request,
      HttpServletResponse response) {
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin == null || !CorsUtils.isCorsRequest(request)) {
      return;
    }
    // Such a request was never mapped to a servlet, which the source's own lookup needs; the API's
    // paths are literal, so the request's path is the key.
    CorsConfiguration config = source.getCorsConfigurations().get(request.getRequestURI());
    String allowed = config == null ? null : config.checkOrigin(origin);
    if (allowed != null) {
      response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
      response.setHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, String.join(", ", EXPOSED_HEADERS));
      response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
    }
  }
}
