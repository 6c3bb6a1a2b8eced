package org.availkit.mock;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CORS for frontends on another origin: a preflight is answered with the request's origin, the
 * API's methods and the {@code Authorization} and {@code Content-Type} headers; every answer
 * (errors included) carries the origin and exposes the headers the spec names.
 */
final class Cors {

  static final String ALLOWED_METHODS = "GET, PUT, OPTIONS";
  static final String ALLOWED_HEADERS = "Authorization, Content-Type, Prefer";
  static final String EXPOSED_HEADERS = "WWW-Authenticate, Retry-After, Allow, Cache-Control";

  private final boolean enabled;

  Cors(boolean enabled) {
    this.enabled = enabled;
  }

  boolean isPreflight(String method, String origin, String requestMethod) {
    return enabled && method.equals("OPTIONS") && origin != null && requestMethod != null;
  }

  Answer preflight(String origin, String requestHeaders) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Access-Control-Allow-Origin", origin);
    headers.put("Access-Control-Allow-Methods", ALLOWED_METHODS);
    headers.put("Access-Control-Allow-Headers", requestHeaders == null ? ALLOWED_HEADERS : requestHeaders);
    headers.put("Access-Control-Max-Age", "600");
    headers.put("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    return new Answer(204, headers, null);
  }

  Answer decorate(Answer answer, String origin) {
    if (!enabled || origin == null) {
      return answer;
    }
    return answer.withHeaders(Map.of(
        "Access-Control-Allow-Origin", origin,
        "Access-Control-Expose-Headers", EXPOSED_HEADERS,
        "Vary", "Origin"));
  }
}
