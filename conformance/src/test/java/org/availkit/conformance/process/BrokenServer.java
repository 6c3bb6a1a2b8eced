package org.availkit.conformance.process;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A server that breaks the contract in one way: a JDK HTTP server in front of a mock, forwarding
 * every request and corrupting one thing, as a real implementation might get it wrong.
 */
final class BrokenServer implements AutoCloseable {

  /** What it gets wrong. */
  enum Fault {
    /** Every error answered as {@code {"error": "..."}}, not the documented envelope. */
    WRONG_ERROR_ENVELOPE,
    /**
     * An idle change sets the status as if no manual one were stored (the mock is set online
     * first).
     */
    IDLE_OVERWRITES_MANUAL,
    /** A 200 whose agent's {@code id} is a string, which the schema's integer refuses. */
    SCHEMA_BREAKING_200,
    /** A 401 without the {@code WWW-Authenticate} challenge the spec names for it. */
    NO_CHALLENGE
  }

  /** The headers passed on each way (the JDK client sets Host, Content-Length and Connection). */
  private static final List<String> HEADERS =
      List.of(
          "Authorization",
          "Content-Type",
          "Cache-Control",
          "Allow",
          "WWW-Authenticate",
          "Retry-After");

  static {
    // The JDK's server answers with Nagle's algorithm on unless told otherwise
    // (sun.net.httpserver's
    // ServerConfig reads this once, when the first server is made): each small answer then waits
    // for the client's delayed ACK.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final String upstream;
  private final Fault fault;

  BrokenServer(String upstream, Fault fault) throws IOException {
    this.upstream = upstream;
    this.fault = fault;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String text = new String(body, StandardCharsets.UTF_8);
      if (fault == Fault.IDLE_OVERWRITES_MANUAL
          && exchange.getRequestMethod().equals("PUT")
          && text.contains("\"source\":\"idle\"")) {
        forward(exchange, "PUT", "{\"status\":\"online\",\"source\":\"user\"}".getBytes());
      }
      HttpResponse<byte[]> answer = forward(exchange, exchange.getRequestMethod(), body);
      byte[] out = corrupt(answer);
      for (String name : HEADERS) {
        if (!(fault == Fault.NO_CHALLENGE && name.equals("WWW-Authenticate"))) {
          answer
              .headers()
              .firstValue(name)
              .ifPresent(v -> exchange.getResponseHeaders().add(name, v));
        }
      }
      exchange.sendResponseHeaders(answer.statusCode(), out.length == 0 ? -1 : out.length);
      try (OutputStream response = exchange.getResponseBody()) {
        response.write(out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, String method, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
            .method(
                method,
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (String name : HEADERS) {
      String value = exchange.getRequestHeaders().getFirst(name);
      if (value != null) {
        request.header(name, value);
      }
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private byte[] corrupt(HttpResponse<byte[]> answer) {
    String body = new String(answer.body(), StandardCharsets.UTF_8);
    return switch (fault) {
      case WRONG_ERROR_ENVELOPE ->
          answer.statusCode() >= 400
              ? "{\"error\":\"something went wrong\"}".getBytes(StandardCharsets.UTF_8)
              : answer.body();
      case SCHEMA_BREAKING_200 ->
          answer.statusCode() == 200
              ? body.replaceFirst("\"id\":(\\d+)", "\"id\":\"$1\"").getBytes(StandardCharsets.UTF_8)
              : answer.body();
      case IDLE_OVERWRITES_MANUAL, NO_CHALLENGE -> answer.body();
    };
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
