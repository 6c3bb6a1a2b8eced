package org.availkit.contract.differential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.contract.ServerAndMock;
import org.availkit.contract.testing.AgentFixtures;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.availkit.contract.testing.RuleCases;
import org.availkit.contract.testing.RuleCases.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One list of cases, derived from the spec, sent to the server and to the mock alike. Every answer
 * is checked against the spec, and the two must agree on the status, the {@code error_type}, the
 * message, the field and allowed values of an input error, the shape of the envelope and the
 * headers the spec names; so must their answers to what their HTTP servers refuse before the
 * application sees it.
 */
class ServerVersusMockTest extends ServerAndMock {

  static final String PUT_PATH = "/api/v1/agents/me/availability";
  static final String GET_PATH = "/api/v1/agents/me";
  static final OpenAPI SPEC = parseSpec();

  /**
   * A request and how it is sent: valid ones are checked against the spec in full, the others by
   * their answer; {@code expected} is the HTTP status both sides must answer, written out.
   */
  record Case(
      String name,
      String method,
      String path,
      Map<String, String> headers,
      String body,
      boolean valid,
      String documentedMethod,
      int expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    String basic = ApiTestClient.basic(KEY, SECRET);
    String token = ApiTestClient.token(KEY, SECRET);
    List<Case> cases = new ArrayList<>();
    // Every requested status x source the spec allows, in both credential forms.
    for (String status : enumOf("status")) {
      for (String source : enumOf("source")) {
        String body = "{\"status\":\"" + status + "\",\"source\":\"" + source + "\"}";
        boolean valid =
            RuleCases.every()
                .noneMatch(
                    rule ->
                        rule.requested().equals(status)
                            && rule.source().equals(source)
                            && rule.rejected());
        cases.add(
            new Case(
                status + " (" + source + ")",
                "PUT",
                PUT_PATH,
                json(basic),
                body,
                valid,
                "PUT",
                valid ? 200 : 400));
      }
      cases.add(
          new Case(
              status + " (token form)",
              "PUT",
              PUT_PATH,
              json(token),
              "{\"status\":\"" + status + "\"}",
              true,
              "PUT",
              200));
    }
    cases.add(new Case("GET the agent", "GET", GET_PATH, auth(basic), null, true, "GET", 200));
    cases.add(
        new Case(
            "status outside the enum",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"status\":\"napping\"}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "status outside the enum, from idle detection",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"status\":\"napping\",\"source\":\"idle\"}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "status outside the enum, source first",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"source\":\"idle\",\"status\":\"napping\"}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "missing status, from idle detection",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"source\":\"idle\"}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "source outside the enum",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"status\":\"away\",\"source\":\"x\"}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "status and source outside the enums",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"status\":\"napping\",\"source\":\"x\"}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "missing status",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"source\":\"user\"}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "null status", "PUT", PUT_PATH, json(basic), "{\"status\":null}", false, "PUT", 400));
    cases.add(
        new Case(
            "null source",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"status\":\"busy\",\"source\":null}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "status of the wrong type",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"status\":1}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "source of the wrong type",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"status\":\"away\",\"source\":[]}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "malformed JSON", "PUT", PUT_PATH, json(basic), "{\"status\":", false, "PUT", 400));
    cases.add(new Case("a JSON array", "PUT", PUT_PATH, json(basic), "[]", false, "PUT", 400));
    cases.add(
        new Case(
            "duplicate keys",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"status\":\"away\",\"status\":\"busy\"}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "body over the cap",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"status\":\"away\",\"pad\":\"" + "x".repeat(20_000) + "\"}",
            false,
            "PUT",
            413));
    cases.add(
        new Case(
            "text/plain body",
            "PUT",
            PUT_PATH,
            headers(basic, "text/plain"),
            "status=away",
            false,
            "PUT",
            415));
    cases.add(new Case("no credentials (GET)", "GET", GET_PATH, Map.of(), null, false, "GET", 401));
    cases.add(
        new Case(
            "no credentials (PUT)",
            "PUT",
            PUT_PATH,
            json(null),
            "{\"status\":\"away\"}",
            false,
            "PUT",
            401));
    cases.add(
        new Case(
            "wrong secret, Basic",
            "GET",
            GET_PATH,
            auth(ApiTestClient.basic(KEY, "nope")),
            null,
            false,
            "GET",
            401));
    cases.add(
        new Case(
            "wrong secret, token",
            "GET",
            GET_PATH,
            auth(ApiTestClient.token(KEY, "nope")),
            null,
            false,
            "GET",
            401));
    cases.add(
        new Case(
            "unknown key",
            "GET",
            GET_PATH,
            auth(ApiTestClient.token(AgentFixtures.UNKNOWN_KEY, SECRET)),
            null,
            false,
            "GET",
            401));
    cases.add(new Case("not base64", "GET", GET_PATH, auth("Basic %%%"), null, false, "GET", 401));
    cases.add(
        new Case(
            "no colon",
            "GET",
            GET_PATH,
            auth(
                "Basic "
                    + Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8))),
            null,
            false,
            "GET",
            401));
    cases.add(
        new Case(
            "another scheme",
            "GET",
            GET_PATH,
            auth("Bearer " + KEY + ":" + SECRET),
            null,
            false,
            "GET",
            401));
    cases.add(
        new Case(
            "POST on the availability",
            "POST",
            PUT_PATH,
            json(basic),
            "{\"status\":\"away\"}",
            false,
            "PUT",
            405));
    cases.add(
        new Case("DELETE on the agent", "DELETE", GET_PATH, auth(basic), null, false, "GET", 405));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void serverAndMockAgree(Case c) {
    Exchange server = send(new ApiTestClient(port), c);
    Exchange fromMock = send(new ApiTestClient(mock.port()), c);

    assertThat(server.status()).as("the server's status").isEqualTo(c.expected());
    assertThat(fromMock.status()).as("the mock's status").isEqualTo(c.expected());
    assertThat(shape(fromMock.json())).as("envelope shape").isEqualTo(shape(server.json()));
    assertThat(fromMock.json().path("status").asText())
        .isEqualTo(server.json().path("status").asText());
    assertThat(fromMock.json().path("error_type").asText())
        .as("error_type")
        .isEqualTo(server.json().path("error_type").asText());
    assertThat(fromMock.json().path("data").path("field").asText())
        .as("data.field")
        .isEqualTo(server.json().path("data").path("field").asText());
    assertThat(fromMock.json().path("data").path("allowed_values"))
        .as("data.allowed_values")
        .isEqualTo(server.json().path("data").path("allowed_values"));
    assertThat(fromMock.json().path("message").asText())
        .as("message")
        .isEqualTo(server.json().path("message").asText());
    assertThat(fromMock.json().path("data").path("availability_status").asText())
        .as("availability_status")
        .isEqualTo(server.json().path("data").path("availability_status").asText());
    for (String header : specHeaders(c.documentedMethod(), c.path(), server.status())) {
      assertThat(fromMock.header(header)).as(header).isNotNull().isEqualTo(server.header(header));
    }
  }

  /**
   * Requests the HTTP servers themselves refuse, before the application sees them (Tomcat on the
   * server, WireMock's Jetty in the mock): both answer the same status and envelope, message
   * included. Raw sockets, since no HTTP client sends them.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("unparsable")
  void whatTheHttpServersRefuseIsAnsweredAlike(String name, String request, int expected)
      throws Exception {
    String server = rawExchange(port, request);
    String fromMock = rawExchange(mock.port(), request);
    assertThat(statusOf(server)).as("the server's status: " + server).isEqualTo(expected);
    assertThat(statusOf(fromMock)).as("the mock's status: " + fromMock).isEqualTo(expected);
    JsonNode serverBody = bodyOf(server);
    JsonNode mockBody = bodyOf(fromMock);
    assertThat(serverBody.path("status").asText()).isEqualTo("error");
    assertThat(mockBody.path("error_type").asText())
        .as("error_type")
        .isEqualTo(serverBody.path("error_type").asText());
    assertThat(mockBody.path("message").asText())
        .as("message")
        .isEqualTo(serverBody.path("message").asText());
    assertThat(mockBody.path("data")).as("data").isEqualTo(serverBody.path("data"));
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> unparsable() {
    return Stream.of(
        org.junit.jupiter.params.provider.Arguments.of(
            "a bad escape in the path",
            "GET /api/v1/agents/me%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            400),
        org.junit.jupiter.params.provider.Arguments.of(
            "CONNECT", "CONNECT localhost:443 HTTP/1.1\r\nHost: localhost:443\r\n\r\n", 405));
  }

  /** Sends {@code request} as it is and reads the whole answer (the connection closed after it). */
  private static String rawExchange(int port, String request) throws java.io.IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      socket.shutdownOutput();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static int statusOf(String answer) {
    return Integer.parseInt(answer.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
  }

  private static JsonNode bodyOf(String answer) throws java.io.IOException {
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
  }

  /**
   * Every row of the literal rules table, from its own starting status, on both: each side must
   * answer the table's result (or its 400), write exactly when the table says, and keep what it
   * answered. The expectation is the table's, so two sides that share a broken rules class fail.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("org.availkit.contract.testing.RuleCases#every")
  void bothFollowTheRulesTableFromEveryStatus(Rule rule) throws Exception {
    setBoth(AvailabilityStatus.fromWire(rule.current()));
    String credentials = ApiTestClient.basic(KEY, SECRET);
    for (ApiTestClient side : List.of(new ApiTestClient(port), new ApiTestClient(mock.port()))) {
      RuleCases.assertFollows(side, credentials, rule);
    }
  }

  /** The headers the spec names for an operation's answer with this status. */
  static Set<String> specHeaders(String method, String path, int status) {
    Operation op =
        method.equals("GET")
            ? SPEC.getPaths().get(path).getGet()
            : SPEC.getPaths().get(path).getPut();
    var response = op.getResponses().get(Integer.toString(status));
    return response == null || response.getHeaders() == null
        ? Set.of()
        : response.getHeaders().keySet();
  }

  @Test
  void theCasesCoverEveryErrorStatusTheSpecDocumentsForRequestsAClientCanGetWrong() {
    Set<Integer> covered = new TreeSet<>();
    cases().forEach(c -> covered.add(send(new ApiTestClient(mock.port()), c).status()));
    Set<Integer> documented = new TreeSet<>();
    for (Operation op :
        List.of(SPEC.getPaths().get(PUT_PATH).getPut(), SPEC.getPaths().get(GET_PATH).getGet())) {
      op.getResponses().keySet().forEach(code -> documented.add(Integer.parseInt(code)));
    }
    // 403 (a disabled agent), 429 (a limit), 500 (a bug) and 503 (shutting down) are states of the
    // server, not something a request can cause.
    documented.removeAll(Set.of(403, 429, 500, 503));
    assertThat(covered).containsAll(documented);
  }

  private static Exchange send(ApiTestClient client, Case c) {
    if (!c.method().equals(c.documentedMethod())) {
      return client.sendWrongMethod(
          c.method(), c.path(), c.documentedMethod(), c.headers(), c.body());
    }
    if (c.valid()) {
      return c.method().equals("GET")
          ? client.getMe(c.headers().get("Authorization"))
          : client.put(c.headers().get("Authorization"), c.body());
    }
    return client.sendInvalid(c.method(), c.path(), c.headers(), c.body());
  }

  /**
   * The envelope's shape: every field path (arrays by their first element), without values or
   * types, since a nullable field may be null on one side and set on the other.
   */
  static Set<String> shape(JsonNode node) {
    Set<String> paths = new TreeSet<>();
    collect(node, "", paths);
    return paths;
  }

  private static void collect(JsonNode node, String prefix, Set<String> paths) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String path = prefix + "/" + e.getKey();
        paths.add(path);
        collect(e.getValue(), path, paths);
      }
    } else if (node.isArray() && node.size() > 0) {
      collect(node.get(0), prefix + "[]", paths);
    }
  }

  private static List<String> enumOf(String property) {
    Schema<?> body =
        SPEC.getPaths()
            .get(PUT_PATH)
            .getPut()
            .getRequestBody()
            .getContent()
            .get("application/json")
            .getSchema();
    return body.getProperties().get(property).getEnum().stream()
        .filter(java.util.Objects::nonNull)
        .map(Object::toString)
        .toList();
  }

  private static Map<String, String> json(String authorization) {
    return headers(authorization, "application/json");
  }

  private static Map<String, String> auth(String authorization) {
    return headers(authorization, null);
  }

  private static Map<String, String> headers(String authorization, String contentType) {
    return new LinkedHashMap<>(ApiTestClient.headers(authorization, contentType));
  }

  private static OpenAPI parseSpec() {
    try (var in = ServerVersusMockTest.class.getResourceAsStream("/openapi.yaml")) {
      ParseOptions options = new ParseOptions();
      options.setResolve(true);
      options.setResolveFully(true);
      return new OpenAPIV3Parser()
          .readContents(new String(in.readAllBytes(), StandardCharsets.UTF_8), null, options)
          .getOpenAPI();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
