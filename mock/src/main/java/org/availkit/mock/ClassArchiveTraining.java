package org.availkit.mock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training run for the mock's class archive. The build runs it on the packaged jar with {@code
 * -XX:ArchiveClassesAtExit=target/availability-mock.jsa}: it starts a mock on a free port, sends
 * one request down every path a frontend team's requests take (success, each kind of refusal, the
 * CORS preflight, the admin API), stops the mock and exits, and the JVM writes the classes it
 * loaded into the archive. {@code mock/run} starts the mock with that archive, which about halves
 * the time to the first answer: the JVM maps the classes instead of loading, parsing and verifying
 * some 5,000 of them.
 *
 * <p>Each request's status is checked, so a jar that does not answer as it should fails the build
 * here rather than in the archive.
 */
public final class ClassArchiveTraining {

  private static final String AVAILABILITY = "/api/v1/agents/me/availability";
  private static final String TOKEN =
      "token " + MockOptions.DEMO_KEY + ":" + MockOptions.DEMO_SECRET;
  private static final String BASIC =
      "Basic "
          + Base64.getEncoder()
              .encodeToString(
                  (MockOptions.DEMO_KEY + ":" + MockOptions.DEMO_SECRET)
                      .getBytes(StandardCharsets.UTF_8));
  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

  private record Exchange(
      String method, String path, Map<String, String> headers, String body, int expected) {}

  private static final List<Exchange> EXCHANGES =
      List.of(
          new Exchange(
              "PUT",
              AVAILABILITY,
              with(JSON, "Authorization", TOKEN),
              "{\"status\":\"away\"}",
              200),
          new Exchange(
              "PUT",
              AVAILABILITY,
              with(JSON, "Authorization", BASIC),
              "{\"status\":\"available\"}",
              200),
          new Exchange(
              "PUT",
              AVAILABILITY,
              with(JSON, "Authorization", TOKEN),
              "{\"status\":\"away\",\"source\":\"idle\"}",
              200),
          new Exchange(
              "GET",
              "/api/v1/agents/me",
              Map.of("Authorization", TOKEN, "Origin", "http://app.test"),
              null,
              200),
          new Exchange("PUT", AVAILABILITY, JSON, "{\"status\":\"away\"}", 401),
          new Exchange(
              "PUT",
              AVAILABILITY,
              with(JSON, "Authorization", "token ak_demo:wrong"),
              "{\"status\":\"away\"}",
              401),
          new Exchange(
              "PUT",
              AVAILABILITY,
              with(JSON, "Authorization", TOKEN),
              "{\"status\":\"asleep\"}",
              400),
          new Exchange(
              "PUT", AVAILABILITY, with(JSON, "Authorization", TOKEN), "{\"status\":", 400),
          new Exchange(
              "OPTIONS",
              AVAILABILITY,
              Map.of(
                  "Origin",
                  "http://app.test",
                  "Access-Control-Request-Method",
                  "PUT",
                  "Access-Control-Request-Headers",
                  "authorization, content-type"),
              null,
              204),
          new Exchange("GET", "/api/v1/nothing-here", Map.of("Authorization", TOKEN), null, 404),
          new Exchange("GET", ApiFilter.SPEC_PATH, Map.of(), null, 200),
          new Exchange("GET", "/__admin/agents/" + MockOptions.DEMO_KEY, Map.of(), null, 200),
          new Exchange("POST", "/__admin/reset", Map.of(), null, 200),
          new Exchange("POST", "/__admin/reset", Map.of("Origin", "http://app.test"), null, 403));

  private ClassArchiveTraining() {}

  public static void main(String[] args) {
    List<String> wrong;
    try (AvailabilityMock mock = AvailabilityMock.start(MockOptions.defaults().withPort(0))) {
      wrong = sendAll(mock.port());
    }
    if (!wrong.isEmpty()) {
      System.err.println("The packaged mock did not answer as it should:");
      wrong.forEach(w -> System.err.println("  " + w));
      System.exit(1);
    }
    System.out.println(
        "Class archive training: " + EXCHANGES.size() + " exchanges answered as expected");
  }

  /**
   * Sends every exchange to a mock with the default options on {@code port}; returns those not
   * answered as expected, one line each (empty: all were). The archive's process test sends them to
   * the mock it starts from the extracted archive.
   */
  public static List<String> sendAll(int port) {
    List<String> wrong = new ArrayList<>();
    HttpClient client = HttpClient.newHttpClient();
    for (Exchange exchange : EXCHANGES) {
      int status = send(client, port, exchange);
      if (status != exchange.expected()) {
        wrong.add(
            exchange.method()
                + " "
                + exchange.path()
                + ": "
                + status
                + ", expected "
                + exchange.expected());
      }
    }
    return wrong;
  }

  /** How many exchanges {@link #sendAll} sends. */
  public static int exchanges() {
    return EXCHANGES.size();
  }

  private static int send(HttpClient client, int port, Exchange exchange) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + exchange.path()))
            .method(
                exchange.method(),
                exchange.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(exchange.body()));
    exchange.headers().forEach(request::header);
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(exchange.method() + " " + exchange.path() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> all = new HashMap<>(headers);
    all.put(name, value);
    return Map.copyOf(all);
  }
}
