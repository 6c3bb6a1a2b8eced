package org.availkit.mock;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.availkit.contract.ErrorCatalogue;
import org.availkit.contract.ErrorCatalogue.Failure;

/**
 * CORS as the server does it (Spring's CorsFilter and DefaultCorsProcessor, with the server's
 * settings), so that a frontend sees the same answers from both: the origins allowed (Spring's
 * origin patterns; {@code *}, any origin, by default), for each path of the spec its methods, the
 * {@code Authorization}, {@code Content-Type} and {@code Prefer} request headers, and the headers
 * the spec names exposed. A preflight that passes gets 204; a cross-origin request or preflight
 * that does not, 403 in the envelope, naming what was refused, in Spring's order (origin, method,
 * request headers); a preflight to a path outside the API, 403 too.
 *
 * <p>It is long because it is the mock's whole CORS decision, preflights and actual requests, in
 * one class to hold against the server's EnvelopeCorsProcessor.
 */
final class Cors {

  static final List<String> ALLOWED_HEADERS = List.of("Authorization", "Content-Type", "Prefer");
  static final String EXPOSED_HEADERS = "WWW-Authenticate, Retry-After, Allow, X-Request-Id";
  static final String MAX_AGE_SECONDS = "600";
  static final String VARY =
      "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

  /** Spring's port list at the end of an origin pattern: {@code :[*]} or {@code :[8080,8081]}. */
  private static final Pattern PORTS = Pattern.compile("(.*):\\[(\\*|\\d+(,\\d+)*)]");

  private final boolean enabled;
  private final List<String> declared;
  private final List<Pattern> origins;
  private final Function<String, List<String>> methodsOf;

  /**
   * @param enabled whether CORS is on; off, no headers, and preflights are answered as any other
   *     request
   * @param originPatterns the allowed origins; none refuses every cross-origin request
   * @param methodsOf the methods of a path, none for a path outside the API
   */
  Cors(boolean enabled, List<String> originPatterns, Function<String, List<String>> methodsOf) {
    this.enabled = enabled;
    // As Spring's CorsConfiguration, each pattern without a trailing slash.
    this.declared =
        originPatterns.stream()
            .map(p -> p.endsWith("/") ? p.substring(0, p.length() - 1) : p)
            .toList();
    this.origins = declared.stream().map(Cors::compile).toList();
    this.methodsOf = methodsOf;
  }

  /**
   * What CORS makes of a request: an answer of its own (a preflight, a refusal), or headers for the
   * answer.
   */
  record Verdict(Answer answer, Map<String, String> headers) {
    static Verdict headers(Map<String, String> headers) {
      return new Verdict(null, headers);
    }
  }

  Verdict check(
      String method,
      String path,
      String host,
      String origin,
      String requestMethod,
      String requestHeaders) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (!enabled) {
      return Verdict.headers(headers);
    }
    headers.put("Vary", VARY);
    if (origin != null && !wellFormed(origin)) {
      return refuse(headers, ErrorCatalogue.crossOriginNotAllowed());
    }
    boolean preflight = method.equals("OPTIONS") && origin != null && requestMethod != null;
    if (origin == null || sameOrigin(origin, host)) {
      // Spring's CorsFilter ends every preflight, even one from the same origin: an empty 200.
      return preflight
          ? new Verdict(new Answer(200, headers, null), headers)
          : Verdict.headers(headers);
    }
    List<String> methods = methodsOf.apply(path);
    if (methods.isEmpty()) {
      return preflight
          ? refuse(headers, ErrorCatalogue.crossOriginNotAllowed())
          : Verdict.headers(headers);
    }
    String allowedOrigin = checkOrigin(origin);
    if (allowedOrigin == null) {
      return refuse(headers, ErrorCatalogue.originNotAllowed(origin));
    }
    String asked = preflight ? requestMethod : method;
    if (!methods.contains(asked)) {
      return refuse(headers, ErrorCatalogue.crossOriginMethodNotAllowed(asked, methods));
    }
    headers.put("Access-Control-Allow-Origin", allowedOrigin);
    headers.put("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    if (!preflight) {
      return Verdict.headers(headers);
    }
    List<String> requested = tokens(requestHeaders);
    List<String> allowedHeaders =
        requested.stream()
            .filter(h -> ALLOWED_HEADERS.stream().anyMatch(h::equalsIgnoreCase))
            .toList();
    if (!requested.isEmpty() && allowedHeaders.isEmpty()) {
      headers.remove("Access-Control-Allow-Origin");
      headers.remove("Access-Control-Expose-Headers");
      return refuse(
          headers, ErrorCatalogue.crossOriginHeadersNotAllowed(requested, ALLOWED_HEADERS));
    }
    headers.put("Access-Control-Allow-Methods", String.join(", ", methods));
    if (!allowedHeaders.isEmpty()) {
      headers.put("Access-Control-Allow-Headers", String.join(", ", allowedHeaders));
    }
    headers.put("Access-Control-Max-Age", MAX_AGE_SECONDS);
    return new Verdict(new Answer(204, headers, null), headers);
  }

  private static Verdict refuse(Map<String, String> headers, Failure refusal) {
    return new Verdict(Answer.error(refusal).withHeaders(headers), headers);
  }

  /**
   * Spring's CorsConfiguration.checkOrigin for origin patterns: matched without a trailing slash;
   * the origin, or null.
   */
  private String checkOrigin(String origin) {
    if (origin.isBlank()) {
      return null;
    }
    String trimmed = origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    for (int i = 0; i < origins.size(); i++) {
      if (declared.get(i).equals("*") || origins.get(i).matcher(trimmed).matches()) {
        return origin;
      }
    }
    return null;
  }

  /**
   * Whether Spring could parse the origin (its CorsUtils refuses what it cannot): no white space,
   * comma or character outside ASCII, and a URI. An approximation of Spring's parser that agrees
   * with it on what clients send by mistake (CorsDifferentialTest).
   */
  private static boolean wellFormed(String origin) {
    if (!origin.chars().allMatch(c -> c > ' ' && c < 127 && c != ',')) {
      return false;
    }
    try {
      new URI(origin);
      return true;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** Spring's OriginPattern: {@code *} matches anything, an optional port list ends it. */
  private static Pattern compile(String pattern) {
    String ports = null;
    Matcher matcher = PORTS.matcher(pattern);
    if (matcher.matches()) {
      pattern = matcher.group(1);
      ports = matcher.group(2);
    }
    String regex = ("\\Q" + pattern + "\\E").replace("*", "\\E.*\\Q");
    if (ports != null) {
      regex += ports.equals("*") ? "(:\\d+)?" : ":(" + ports.replace(',', '|') + ")";
    }
    return Pattern.compile(regex);
  }

  /**
   * Spring's CorsUtils.isCorsRequest, the other way round: the origin is the mock's own (always
   * http).
   */
  private static boolean sameOrigin(String origin, String host) {
    if (host == null) {
      return false;
    }
    try {
      URI o = new URI(origin);
      URI h = new URI("http://" + host);
      return "http".equals(o.getScheme())
          && h.getHost() != null
          && h.getHost().equalsIgnoreCase(o.getHost())
          && port(h) == port(o);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static int port(URI uri) {
    return uri.getPort() == -1 ? 80 : uri.getPort();
  }

  /** A comma-separated header value as its trimmed, non-empty parts. */
  private static List<String> tokens(String value) {
    List<String> parts = new ArrayList<>();
    if (value != null) {
      Arrays.stream(value.split(","))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .forEach(parts::add);
    }
    return parts;
  }
}
