package org.availkit.contract.differential;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.availkit.contract.RequestedStatus;
import org.availkit.contract.ServerAndMock;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A schema as strict as the server: every combination of a status and a source (each value of the
 * spec's enums, a value outside them, a wrong type, null, left out) is judged by the spec's request
 * schema, then sent to the server and the mock. What the schema allows, both accept (200); what it
 * refuses, both refuse (400), with the same answer. So a tool that builds requests from the schema
 * never sends one that is refused for its shape.
 */
class SchemaCombinationsTest extends ServerAndMock {

  private static final String PATH = "/api/v1/agents/me/availability";
  private static final OpenApiInteractionValidator SCHEMA =
      OpenApiInteractionValidator.createForInlineApiSpecification(spec()).build();

  /** Leaves the field out of the body. */
  private static final String ABSENT = "(absent)";

  static Stream<String> bodies() {
    List<String> statuses = new ArrayList<>();
    for (RequestedStatus status : RequestedStatus.values()) {
      statuses.add("\"" + status.wire() + "\"");
    }
    statuses.addAll(List.of("\"napping\"", "1", "null", ABSENT));
    List<String> sources = List.of(ABSENT, "\"user\"", "\"idle\"", "\"robot\"", "null");
    List<String> bodies = new ArrayList<>();
    for (String status : statuses) {
      for (String source : sources) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("status", status);
        fields.put("source", source);
        StringBuilder body = new StringBuilder("{");
        fields.forEach(
            (name, value) -> {
              if (!value.equals(ABSENT)) {
                body.append(body.length() > 1 ? "," : "")
                    .append('"')
                    .append(name)
                    .append("\":")
                    .append(value);
              }
            });
        bodies.add(body.append('}').toString());
        if (!status.equals(ABSENT) && !source.equals(ABSENT)) {
          // The other key order too: the server reads the keys in order, the rules do not depend on
          // it.
          bodies.add("{\"source\":" + source + ",\"status\":" + status + "}");
        }
      }
    }
    return bodies.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodies")
  void whatTheSchemaAllowsBothAcceptAndWhatItRefusesBothRefuseAlike(String body) {
    ValidationReport verdict =
        SCHEMA.validateRequest(
            SimpleRequest.Builder.put(PATH)
                .withContentType("application/json")
                .withAuthorization(ApiTestClient.basic(KEY, SECRET))
                .withBody(body)
                .build());
    int expected = verdict.hasErrors() ? 400 : 200;

    Exchange server = send(port, body);
    Exchange fromMock = send(mock.port(), body);

    assertThat(server.status()).as("server, schema says %s", verdict).isEqualTo(expected);
    assertThat(fromMock.status()).as("mock, schema says %s", verdict).isEqualTo(expected);
    assertThat(fromMock.json().path("message")).isEqualTo(server.json().path("message"));
    assertThat(fromMock.json().path("data").path("field"))
        .isEqualTo(server.json().path("data").path("field"));
    assertThat(fromMock.json().path("data").path("allowed_values"))
        .isEqualTo(server.json().path("data").path("allowed_values"));
  }

  /**
   * The combinations reach both verdicts, with both sources (a list that only ever passed would
   * prove nothing).
   */
  @Test
  void theCombinationsIncludeAllowedAndRefusedBodiesFromEachSource() {
    List<String> allowed =
        bodies()
            .filter(
                body ->
                    !SCHEMA
                        .validateRequest(
                            SimpleRequest.Builder.put(PATH)
                                .withContentType("application/json")
                                .withAuthorization(ApiTestClient.basic(KEY, SECRET))
                                .withBody(body)
                                .build())
                        .hasErrors())
            .toList();
    // Seven values from the agent with source left out and with user, four from idle detection;
    // each
    // pair in both key orders.
    assertThat(allowed).hasSize(7 + 2 * 7 + 2 * 4);
    assertThat(allowed)
        .contains("{\"status\":\"online\",\"source\":\"idle\"}")
        .doesNotContain(
            "{\"status\":\"busy\",\"source\":\"idle\"}",
            "{\"status\":\"away_manual\",\"source\":\"idle\"}");
  }

  private static Exchange send(int port, String body) {
    return new ApiTestClient(port)
        .sendInvalid(
            "PUT",
            PATH,
            ApiTestClient.headers(ApiTestClient.basic(KEY, SECRET), "application/json"),
            body);
  }

  private static String spec() {
    try (InputStream in = SchemaCombinationsTest.class.getResourceAsStream("/openapi.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
