package org.availkit.contract.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Talks to a running server or mock over real HTTP and checks each exchange against the packaged
 * spec (the api-spec jar's openapi.yaml) with Atlassian's swagger-request-validator: the request
 * too when it is meant to be valid, the response always.
 */
public final class ApiTestClient {

  private static final OpenApiInteractionValidator VALIDATOR =
      OpenApiInteractionValidator.createForInlineApiSpecification(spec()).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String base;
  private final Duration timeout;

  /** A client of the server or mock on {@code port} of this machine. */
  public ApiTestClient(int port) {
    this(HttpClient.newHttpClient(), "http://localhost:" + port, null);
  }

  /**
   * A client of the server or mock at {@code baseUrl} ({@code https://staging.example.com}, no
   * trailing slash), anywhere: the conformance runner's.
   */
  public ApiTestClient(String baseUrl) {
    this(HttpClient.newHttpClient(), baseUrl.replaceFirst("/+$", ""), null);
  }

  private ApiTestClient(HttpClient http, String base, Duration timeout) {
    this.http = http;
    this.base = base;
    this.timeout = timeout;
  }

  /**
   * The same client, whose requests give up when no answer has come within {@code timeout}: an
   * {@link UncheckedIOException} whose cause is an {@link java.net.http.HttpTimeoutException}.
   */
  public ApiTestClient withTimeout(Duration timeout) {
    return new ApiTestClient(http, base, timeout);
  }

  public record Exchange(int status, Map<String, List<String>> headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new AssertionError("Not JSON: " + body, e);
      }
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    /** The header's first value, if the answer has it (as {@code HttpHeaders.firstValue}). */
    public Optional<String> firstValue(String name) {
      return Optional.ofNullable(header(name));
    }

    public String errorType() {
      return json().path("error_type").asText();
    }
  }

  public static String basic(String key, String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  public static String token(String key, String secret) {
    return "token " + key + ":" + secret;
  }

  public Exchange getMe(String authorization) {
    return send("GET", "/api/v1/agents/me", headers(authorization, null), null, true);
  }

  public Exchange put(String authorization, String json) {
    return send(
        "PUT",
        "/api/v1/agents/me/availability",
        headers(authorization, "application/json"),
        json,
        true);
  }

  /**
   * An exchange whose request is not meant to be valid: only the response is checked against the
   * spec.
   */
  public Exchange sendInvalid(
      String method, String path, Map<String, String> headers, String body) {
    return send(method, path, headers, body, false);
  }

  /**
   * As {@link #sendInvalid(String, String, Map, String)}, with the headers as a list, in which a
   * name may come more than once (two {@code Authorization} headers).
   */
  public Exchange sendInvalid(
      String method, String path, List<Map.Entry<String, String>> headers, String body) {
    Exchange exchange = execute(method, path, headers, body);
    assertValid(
        method,
        path,
        exchange,
        VALIDATOR.validateResponse(path, Request.Method.valueOf(method), response(exchange)));
    return exchange;
  }

  /** A PUT whose body is sent chunked, without a declared length; only the response is checked. */
  public Exchange putStreamed(String authorization, String json) {
    HttpRequest request =
        builder("/api/v1/agents/me/availability")
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .PUT(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
            .build();
    Exchange exchange = execute(request);
    assertValid(
        "PUT",
        "/api/v1/agents/me/availability",
        exchange,
        VALIDATOR.validateResponse(
            "/api/v1/agents/me/availability", Request.Method.PUT, response(exchange)));
    return exchange;
  }

  /**
   * A method the path does not have: the answer is checked as the 405 the spec documents on the
   * path's {@code documentedMethod}.
   */
  public Exchange sendWrongMethod(
      String method,
      String path,
      String documentedMethod,
      Map<String, String> headers,
      String body) {
    Exchange exchange = execute(method, path, headers, body);
    assertValid(
        method,
        path,
        exchange,
        VALIDATOR.validateResponse(
            path, Request.Method.valueOf(documentedMethod), response(exchange)));
    return exchange;
  }

  /** A raw exchange on a path outside the spec: nothing to validate against. */
  public Exchange raw(String method, String path, Map<String, String> headers, String body) {
    return execute(method, path, headers, body);
  }

  public static Map<String, String> headers(String authorization, String contentType) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (authorization != null) {
      headers.put("Authorization", authorization);
    }
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    return headers;
  }

  private Exchange send(
      String method, String path, Map<String, String> headers, String body, boolean requestValid) {
    Exchange exchange = execute(method, path, headers, body);
    Request.Method m = Request.Method.valueOf(method);
    ValidationReport report;
    if (requestValid) {
      SimpleRequest.Builder request = new SimpleRequest.Builder(m, path).withBody(body);
      headers.forEach(request::withHeader);
      report = VALIDATOR.validate(request.build(), response(exchange));
    } else {
      report = VALIDATOR.validateResponse(path, m, response(exchange));
    }
    assertValid(method, path, exchange, report);
    return exchange;
  }

  private static SimpleResponse response(Exchange exchange) {
    SimpleResponse.Builder response =
        SimpleResponse.Builder.status(exchange.status()).withBody(exchange.body());
    exchange.headers().forEach(response::withHeader);
    return response.build();
  }

  private static void assertValid(
      String method, String path, Exchange exchange, ValidationReport report) {
    assertThat(report.getMessages())
        .as(
            "%s %s -> %d %s: the exchange must match the spec",
            method, path, exchange.status(), exchange.body())
        .isEmpty();
  }

  private Exchange execute(String method, String path, Map<String, String> headers, String body) {
    return execute(method, path, List.copyOf(headers.entrySet()), body);
  }

  private Exchange execute(
      String method, String path, List<Map.Entry<String, String>> headers, String body) {
    HttpRequest.Builder request =
        builder(path)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(header -> request.header(header.getKey(), header.getValue()));
    return execute(request.build());
  }

  private HttpRequest.Builder builder(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    return timeout == null ? request : request.timeout(timeout);
  }

  private Exchange execute(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      record(response);
      return new Exchange(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** With {@code -Dtest.responses.file=...}, every answer is kept there, for the secrets scan. */
  private static synchronized void record(HttpResponse<String> response) {
    String file = System.getProperty("test.responses.file");
    if (file == null) {
      return;
    }
    try {
      java.nio.file.Files.writeString(
          java.nio.file.Path.of(file),
          response.statusCode() + " " + response.headers().map() + "\n" + response.body() + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String spec() {
    try (InputStream in = ApiTestClient.class.getResourceAsStream("/openapi.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
