package org.availkit.contract.differential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.contract.ServerAndMock;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.availkit.contract.testing.BlackBoxCases;
import org.availkit.contract.testing.BlackBoxCases.Case;
import org.availkit.contract.testing.RuleCases;
import org.availkit.contract.testing.RuleCases.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One list of cases, derived from the spec ({@link BlackBoxCases}, which the conformance runner
 * sends to any server too), sent to the server and to the mock alike. Every answer is checked
 * against the spec, and the two must agree on the status, the {@code error_type}, the message, the
 * field and allowed values of an input error, the shape of the envelope and the headers the spec
 * names; so must their answers to what their HTTP servers refuse before the application sees it.
 */
class ServerVersusMockTest extends ServerAndMock {

  static final String PUT_PATH = BlackBoxCases.PUT_PATH;
  static final String GET_PATH = BlackBoxCases.GET_PATH;
  static final OpenAPI SPEC = BlackBoxCases.SPEC;

  static Stream<Case> cases() {
    return BlackBoxCases.cases(KEY, SECRET).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void serverAndMockAgree(Case c) {
    Exchange server = BlackBoxCases.send(new ApiTestClient(port), c);
    Exchange fromMock = BlackBoxCases.send(new ApiTestClient(mock.port()), c);

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
    for (String header :
        BlackBoxCases.specHeaders(c.documentedMethod(), c.path(), server.status())) {
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

  @Test
  void theCasesCoverEveryErrorStatusTheSpecDocumentsForRequestsAClientCanGetWrong() {
    Set<Integer> covered = new TreeSet<>();
    cases()
        .forEach(c -> covered.add(BlackBoxCases.send(new ApiTestClient(mock.port()), c).status()));
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
}
