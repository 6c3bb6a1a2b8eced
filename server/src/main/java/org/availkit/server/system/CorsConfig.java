package org.availkit.server.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.availkit.server.api.AgentsApi;
import org.availkit.server.error.ErrorWriter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS through Spring's own support: the origins of {@code availkit.cors.allowed-origins} (Spring's
 * origin patterns), for each path of the API its methods (the generated interface's mappings), the
 * {@code Authorization}, {@code Content-Type} and {@code Prefer} request headers, and the headers
 * the spec names in answers exposed. Spring Security's {@code cors()} puts the {@link #corsFilter}
 * bean in its chain (CorsConfigurer takes a bean of that name), before authentication, so a
 * preflight needs no credentials; its processor answers in the envelope ({@link
 * EnvelopeCorsProcessor}).
 */
@Configuration(proxyBeanMethods = false)
public class CorsConfig {

  /**
   * {@code Prefer} too: the server ignores it (RFC 7240 lets a server ignore a preference), so a
   * page written against the mock, which answers it, works against the server unchanged.
   */
  static final List<String> ALLOWED_HEADERS =
      List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, "Prefer");

  static final List<String> EXPOSED_HEADERS =
      List.of(
          HttpHeaders.WWW_AUTHENTICATE,
          HttpHeaders.RETRY_AFTER,
          HttpHeaders.ALLOW,
          RequestIdFilter.HEADER);
  static final long MAX_AGE_SECONDS = 600;

  /**
   * The API's paths and their methods: the generated interface's mappings (the spec's), and the
   * spec itself.
   */
  static Map<String, List<String>> paths() {
    Map<String, List<String>> paths = new TreeMap<>();
    for (Method operation : AgentsApi.class.getMethods()) {
      RequestMapping mapping = operation.getAnnotation(RequestMapping.class);
      if (mapping != null) {
        for (String path : mapping.value()) {
          List<String> methods = new ArrayList<>(paths.getOrDefault(path, List.of()));
          Arrays.stream(mapping.method()).map(RequestMethod::name).forEach(methods::add);
          paths.put(path, List.copyOf(methods));
        }
      }
    }
    paths.put(OpenApiDocumentController.PATH, List.of("GET"));
    return paths;
  }

  /** Typed as itself: Spring MVC's HandlerMappingIntrospector is a CorsConfigurationSource too. */
  @Bean
  UrlBasedCorsConfigurationSource apiCorsConfiguration(AvailkitProperties properties) {
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    paths()
        .forEach(
            (path, methods) -> {
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

  /**
   * The filter runs in Spring Security's chain only; Boot would also register it for every request.
   */
  @Bean
  FilterRegistrationBean<CorsFilter> corsFilterNotAsAServletFilter(CorsFilter corsFilter) {
    FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(corsFilter);
    registration.setEnabled(false);
    return registration;
  }

  /**
   * For an answer made outside Spring Security's chain, which no CORS filter sees: before it (the
   * size limit's 413 on a declared length) or in Tomcat itself (a request it cannot parse, a 503
   * while the server drains). The headers an allowed origin gets on every answer; none otherwise.
   */
  public static void addToEarlyAnswer(
      UrlBasedCorsConfigurationSource source,
      HttpServletRequest request,
      HttpServletResponse response) {
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    try {
      if (origin == null || !CorsUtils.isCorsRequest(request)) {
        return;
      }
    } catch (IllegalArgumentException e) {
      return; // an Origin Spring cannot parse: never an allowed one
    }
    // Such a request may never have been mapped to a servlet, which the source's own lookup needs;
    // the API's paths are literal, so the request's path is the key.
    CorsConfiguration config = source.getCorsConfigurations().get(request.getRequestURI());
    String allowed = config == null ? null : config.checkOrigin(origin);
    if (allowed != null) {
      response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
      response.setHeader(
          HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, String.join(", ", EXPOSED_HEADERS));
      response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
    }
  }
}
