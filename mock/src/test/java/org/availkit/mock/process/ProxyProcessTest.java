package org.availkit.mock.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.TestProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mock/run --proxy-to URL}, the validating proxy, on the packaged jar: in front of the
 * server's jar it finds nothing and keeps CORS for a page on another origin; in front of a server
 * that breaks the contract it logs and lists each violation and passes the answers back as they
 * came.
 */
@DisabledOnOs(OS.WINDOWS)
class ProxyProcessTest {

  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path SERVER_JAR =
      Path.of(System.getProperty("server.jar", "../server/target/availability-server.jar"))
          .toAbsolutePath();
  private static final Pattern BANNER =
      Pattern.compile("Availability mock on http://localhost:(\\d+)");
  private static final Pattern TOMCAT = Pattern.compile("Tomcat started on port (\\d+)");
  private static final String ME = "/api/v1/agents/me";
  private static final String AVAILABILITY = "/api/v1/agents/me/availability";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void inFrontOfTheServerItFindsNothingAndKeepsCors(@TempDir Path workDir) throws Exception {
    JsonNode agent = createAgent(workDir);
    String basic =
        ApiTestClient.basic(agent.path("api_key").asText(), agent.path("api_secret").asText());
    try (TestProcess server =
            TestProcess.java(
                    "-jar",
                    SERVER_JAR.toString(),
                    "--server.port=0",
                    "--management.server.port=0",
                    "--availkit.bootstrap-admin=false")
                .directory(workDir)
                .start();
        TestProcess proxy =
            proxyTo(
                "http://localhost:"
                    + server.awaitLine(TOMCAT, 0, Duration.ofSeconds(120)).group(1))) {
      int port = Integer.parseInt(proxy.awaitLine(BANNER, 0, Duration.ofSeconds(60)).group(1));
      ApiTestClient api = new ApiTestClient(port);

      ApiTestClient.Exchange set = api.put(basic, "{\"status\":\"away\",\"source\":\"user\"}");
      ApiTestClient.Exchange read = api.getMe(basic);
      ApiTestClient.Exchange refused =
          api.sendInvalid(
              "PUT",
              AVAILABILITY,
              ApiTestClient.headers(basic, "application/json"),
              "{\"status\":\"busy\",\"source\":\"idle\"}");
      HttpResponse<String> preflight =
          send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + AVAILABILITY))
                  .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                  .header("Origin", "http://app.test")
                  .header("Access-Control-Request-Method", "PUT")
                  .header("Access-Control-Request-Headers", "Authorization, Content-Type"));
      HttpResponse<String> crossOrigin =
          send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + ME))
                  .header("Authorization", basic)
                  .header("Origin", "http://app.test"));

      assertThat(set.status()).isEqualTo(200);
      assertThat(read.json().path("data").path("availability_status").asText())
          .isEqualTo("away_manual");
      assertThat(refused.status()).isEqualTo(400);
      assertThat(List.of(set, read))
          .allSatisfy(e -> assertThat(e.header("X-Contract-Violations")).isEqualTo("0"));
      // A request the spec refuses is the client's violation, the server's 400 none.
      assertThat(refused.header("X-Contract-Violations")).isNotEqualTo("0");
      assertThat(preflight.statusCode()).isEqualTo(204);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue("http://app.test");
      // The server's CORS is closed by default; the proxy's answers the page.
      assertThat(crossOrigin.statusCode()).isEqualTo(200);
      assertThat(crossOrigin.headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue("http://app.test");
      assertThat(crossOrigin.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
          .contains("X-Contract-Violations");
      assertThat(crossOrigin.headers().firstValue("X-Contract-Violations")).hasValue("0");
      JsonNode violations = violations(port);
      assertThat(violations.path("violations"))
          .allSatisfy(v -> assertThat(v.path("side").asText()).isEqualTo("request"));
      assertThat(proxy.text()).doesNotContain("response $");
    }
  }

  @Test
  void inFrontOfABrokenServerItReportsEachViolationAndPassesTheAnswersOn() throws Exception {
    String brokenAgent =
        "{\"status\":\"success\",\"data\":{\"id\":\"7\",\"first_name\":\"Jo\",\"availability_status\":\"napping\"}}";
    String brokenError = "{\"error\":\"no\"}";
    HttpServer broken = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    broken.createContext(
        "/",
        exchange -> {
          boolean get = exchange.getRequestMethod().equals("GET");
          byte[] body = (get ? brokenAgent : brokenError).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.getResponseHeaders().add("X-Upstream", "broken");
          exchange.sendResponseHeaders(get ? 200 : 400, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    broken.start();
    try (TestProcess proxy = proxyTo("http://127.0.0.1:" + broken.getAddress().getPort())) {
      int port = Integer.parseInt(proxy.awaitLine(BANNER, 0, Duration.ofSeconds(60)).group(1));
      String basic = ApiTestClient.basic("ak_any", "as_any");

      HttpResponse<String> read =
          send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + ME))
                  .header("Authorization", basic));
      HttpResponse<String> put =
          send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + AVAILABILITY))
                  .header("Authorization", basic)
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"away\"}")));

      // The answers as the server gave them.
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.body()).isEqualTo(brokenAgent);
      assertThat(read.headers().firstValue("X-Upstream")).hasValue("broken");
      assertThat(read.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(put.statusCode()).isEqualTo(400);
      assertThat(put.body()).isEqualTo(brokenError);
      assertThat(Integer.parseInt(read.headers().firstValue("X-Contract-Violations").orElseThrow()))
          .isGreaterThanOrEqualTo(2);
      assertThat(Integer.parseInt(put.headers().firstValue("X-Contract-Violations").orElseThrow()))
          .isGreaterThanOrEqualTo(1);

      proxy.awaitLine(
          Pattern.compile(
              "CONTRACT VIOLATION getCurrentAgent GET /api/v1/agents/me -> 200 response \\$\\.data\\.id: .*integer.*"),
          0,
          Duration.ofSeconds(10));
      proxy.awaitLine(
          Pattern.compile(
              "CONTRACT VIOLATION getCurrentAgent GET /api/v1/agents/me -> 200 response \\$\\.data\\.availability_status: .*napping.*"),
          0,
          Duration.ofSeconds(10));
      proxy.awaitLine(
          Pattern.compile(
              "CONTRACT VIOLATION updateAgentAvailability PUT /api/v1/agents/me/availability -> 400 response \\$: .*required.*"),
          0,
          Duration.ofSeconds(10));

      JsonNode violations = violations(port);
      assertThat(violations.path("total").asInt()).isGreaterThanOrEqualTo(3);
      assertThat(violations.path("violations"))
          .anySatisfy(
              v -> {
                assertThat(v.path("operation").asText()).isEqualTo("getCurrentAgent");
                assertThat(v.path("status").asInt()).isEqualTo(200);
                assertThat(v.path("side").asText()).isEqualTo("response");
                assertThat(v.path("json_path").asText()).isEqualTo("$.data.id");
              });
    } finally {
      broken.stop(0);
    }
  }

  private static TestProcess proxyTo(String url) throws Exception {
    return TestProcess.command(
            List.of(MODULE.resolve("run").toString(), "--port", "0", "--proxy-to", url))
        .start();
  }

  private static JsonNode violations(int port) throws Exception {
    HttpResponse<String> answer =
        send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/__admin/violations")));
    assertThat(answer.statusCode()).isEqualTo(200);
    return JSON.readTree(answer.body());
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code agents create}, before the server starts (the embedded database has one user). */
  private static JsonNode createAgent(Path workDir) throws Exception {
    try (TestProcess cli =
        TestProcess.java(
                "-jar",
                SERVER_JAR.toString(),
                "agents",
                "create",
                "--email",
                "proxy@test.example",
                "--first-name",
                "Pro",
                "--team",
                "Support")
            .directory(workDir)
            .errorsTo(null)
            .start()) {
      assertThat(cli.waitFor(Duration.ofMinutes(3))).as("agents create ended").isTrue();
      assertThat(cli.exitValue()).as(cli.text()).isZero();
      return JSON.readTree(cli.text());
    }
  }
}
