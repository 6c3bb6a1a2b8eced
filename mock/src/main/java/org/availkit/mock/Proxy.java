package org.availkit.mock;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code --proxy-to URL}: every API request forwarded to a real server, its request and its answer
 * validated against the spec (Atlassian's validator, the mock's own), each violation logged on one
 * line and kept ({@link Violations}), and the answer passed back as it came, with {@code
 * X-Contract-Violations: N} added and the mock's CORS headers in place of the server's.
 *
 * <p>The mock answers CORS itself (preflights, refusals), as it does without a server behind it, so
 * a page on another origin can call a server whose CORS is closed; the request goes on without
 * {@code Origin} and the {@code Access-Control-Request-*} and {@code Sec-Fetch-*} headers, as from
 * a program rather than a page. The headers the JDK's client sets itself (Host, Content-Length,
 * Connection, Expect, Upgrade: {@code jdk.internal.net.http.common.Utils}' restricted set) go
 * neither way.
 */
final class Proxy {

  static final String HEADER = "X-Contract-Violations";

  /** Not forwarded to the server (lower case). */
  private static final Set<String> REQUEST_HEADERS_KEPT_BACK =
      Set.of(
          "host",
          "content-length",
          "connection",
          "expect",
          "upgrade",
          "keep-alive",
          "transfer-encoding",
          "te",
          "origin",
          "access-control-request-method",
          "access-control-request-headers",
          "sec-fetch-site",
          "sec-fetch-mode",
          "sec-fetch-dest");

  /** Not passed back from the server: framing (Jetty sets its own) and CORS (the mock's). */
  private static final Set<String> RESPONSE_HEADERS_KEPT_BACK =
      Set.of("content-length", "connection", "keep-alive", "transfer-encoding", "date", "server");

  private final URI target;
  private final LiveSpec live;
  private final Violations violations;
  private final PrintStream log;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  Proxy(String target, LiveSpec live, Violations violations, PrintStream log) {
    this.target = URI.create(target.replaceFirst("/+$", ""));
    // The spec served now (--spec --watch can change it), for each exchange.
    this.live = live;
    this.violations = violations;
    this.log = log;
  }

  /** Forwards {@code request}, validates both ways, and answers with the server's answer. */
  ResponseDefinition forward(
      String method, String path, Request request, Map<String, String> corsHeaders) {
    HttpResponse<byte[]> answer;
    try {
      answer = http.send(upstream(method, request), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | IllegalArgumentException e) {
      log.println("PROXY " + method + " " + path + ": " + target + " did not answer: " + e);
      return unreachable(e, corsHeaders);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unreachable(e, corsHeaders);
    }
    List<Violations.Violation> found = validate(method, path, request, answer);
    found.forEach(v -> log.println(v.line()));
    log.flush();
    violations.add(found);

    ResponseDefinitionBuilder response =
        ResponseDefinitionBuilder.responseDefinition().withStatus(answer.statusCode());
    answer
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              if (!RESPONSE_HEADERS_KEPT_BACK.contains(lower)
                  && !lower.startsWith("access-control-")
                  && !(lower.equals("vary") && corsHeaders.containsKey("Vary"))
                  && !lower.equals(":status")) {
                response.withHeader(name, values.toArray(String[]::new));
              }
            });
    exposed(corsHeaders).forEach(response::withHeader);
    response.withHeader(HEADER, Integer.toString(found.size()));
    if (answer.body().length > 0) {
      response.withBody(answer.body());
    }
    return response.build();
  }

  /** The mock's CORS headers, with the violations' count exposed to pages too. */
  static Map<String, String> exposed(Map<String, String> corsHeaders) {
    Map<String, String> headers = new java.util.LinkedHashMap<>(corsHeaders);
    headers.computeIfPresent(
        "Access-Control-Expose-Headers", (name, value) -> value + ", " + HEADER);
    return headers;
  }

  private HttpRequest upstream(String method, Request request) {
    byte[] body = request.getBody();
    HttpRequest.Builder upstream =
        HttpRequest.newBuilder(URI.create(target + request.getUrl()))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null || body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (HttpHeader header : request.getHeaders().all()) {
      if (!REQUEST_HEADERS_KEPT_BACK.contains(header.key().toLowerCase(Locale.ROOT))) {
        for (String value : header.values()) {
          upstream.header(header.key(), value);
        }
      }
    }
    return upstream.build();
  }

  /**
   * The request's violations and the answer's, for an operation of the spec (a path or method
   * outside it has no contract to break beyond its 404 or 405).
   */
  private List<Violations.Violation> validate(
      String method, String path, Request request, HttpResponse<byte[]> answer) {
    List<Violations.Violation> found = new ArrayList<>();
    if (!live.current().spec().operations(path).containsKey(method)) {
      return found;
    }
    com.atlassian.oai.validator.model.Request.Method m =
        com.atlassian.oai.validator.model.Request.Method.valueOf(method);
    SimpleRequest.Builder sent = new SimpleRequest.Builder(m, path);
    byte[] body = request.getBody();
    if (body != null && body.length > 0) {
      sent.withBody(new String(body, StandardCharsets.UTF_8));
    }
    for (HttpHeader header : request.getHeaders().all()) {
      sent.withHeader(header.key(), header.values());
    }
    SimpleResponse.Builder received =
        SimpleResponse.Builder.status(answer.statusCode())
            .withBody(new String(answer.body(), StandardCharsets.UTF_8));
    answer.headers().map().forEach(received::withHeader);
    OpenApiInteractionValidator v = live.current().validation().validator();
    add(found, "request", method, path, answer.statusCode(), v.validateRequest(sent.build()));
    add(
        found,
        "response",
        method,
        path,
        answer.statusCode(),
        v.validateResponse(path, m, received.build()));
    return found;
  }

  private static void add(
      List<Violations.Violation> found,
      String side,
      String method,
      String path,
      int status,
      ValidationReport report) {
    Instant now = Instant.now();
    for (ValidationReport.Message message : report.getMessages()) {
      if (message.getLevel() != ValidationReport.Level.ERROR) {
        continue;
      }
      String operation =
          message
              .getContext()
              .flatMap(ValidationReport.MessageContext::getApiOperation)
              .map(op -> op.getOperation().getOperationId())
              .orElse(method + " " + path);
      String pointer =
          message
              .getContext()
              .flatMap(ValidationReport.MessageContext::getPointers)
              .map(ValidationReport.MessageContext.Pointers::getInstance)
              .orElse("");
      found.add(
          new Violations.Violation(
              now,
              operation,
              method,
              path,
              status,
              side,
              jsonPath(pointer),
              // The JSON path says where; the validator's own "[Path '/data/id'] " would repeat it.
              message
                  .getMessage()
                  .replaceFirst("^\\[Path '[^']*'\\]\\s*", "")
                  .replaceAll("\\s*\\R\\s*", " "),
              message.getKey()));
    }
  }

  /** A JSON pointer ({@code /data/teams/0/id}) as a JSON path ({@code $.data.teams[0].id}). */
  static String jsonPath(String pointer) {
    StringBuilder path = new StringBuilder("$");
    // The validator's pointer to the whole document is "/" (not RFC 6901's "").
    if (pointer == null || pointer.isEmpty() || pointer.equals("/")) {
      return path.toString();
    }
    for (String token : pointer.substring(1).split("/", -1)) {
      String name = token.replace("~1", "/").replace("~0", "~");
      path.append(name.matches("\\d+") ? "[" + name + "]" : "." + name);
    }
    return path.toString();
  }

  private ResponseDefinition unreachable(Exception e, Map<String, String> corsHeaders) {
    ResponseDefinitionBuilder response =
        ResponseDefinitionBuilder.responseDefinition()
            .withStatus(502)
            .withHeader("Content-Type", "application/json");
    exposed(corsHeaders).forEach(response::withHeader);
    String message = "The proxied server at " + target + " did not answer: " + e;
    return response
        .withBody(
            Answer.JSON
                .createObjectNode()
                .put("status", "error")
                .put("message", message)
                .putNull("data")
                .put("error_type", "GeneralException")
                .toString())
        .build();
  }
}
