package org.availkit.contract.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every interaction of every pact the consumers wrote is allowed by the spec: its response, and its
 * request where the expected answer is not an error, validate against openapi.yaml. A consumer
 * expectation the spec does not allow fails here with the validator's messages.
 */
class PactsMatchTheSpecTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A pact's response body names only what its consumer reads, so the spec's {@code required} is
   * not asked of it (as in Atlassian's Pact adapter); every type, enum and format still is. The
   * full responses are checked against the spec by the server's and the mock's own tests.
   */
  private static final OpenApiInteractionValidator VALIDATOR =
      OpenApiInteractionValidator.createForInlineApiSpecification(spec())
          .withLevelResolver(
              LevelResolver.create()
                  .withLevel(
                      "validation.response.body.schema.required", ValidationReport.Level.IGNORE)
                  .build())
          .build();

  record Interaction(String pact, String description, JsonNode json) {
    @Override
    public String toString() {
      return pact + ": " + description;
    }
  }

  static Stream<Interaction> interactions() throws IOException {
    Path dir = Path.of(System.getProperty("pacts.dir", "target/pacts"));
    List<Interaction> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        for (JsonNode interaction : JSON.readTree(file.toFile()).path("interactions")) {
          all.add(
              new Interaction(
                  file.getFileName().toString(),
                  interaction.path("description").asText(),
                  interaction));
        }
      }
    }
    assertThat(all).as("pacts in " + dir).isNotEmpty();
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interactions")
  void theSpecAllowsTheInteraction(Interaction interaction) {
    List<String> problems = problems(interaction.json());
    assertThat(problems).as("%s is not allowed by the spec", interaction).isEmpty();
  }

  @Test
  void anExpectationTheSpecDoesNotAllowIsCaught() throws IOException {
    JsonNode sample =
        interactions()
            .filter(i -> i.json().path("response").path("status").asInt() == 200)
            .findFirst()
            .orElseThrow()
            .json()
            .deepCopy();
    ((ObjectNode) sample.path("response").path("body").path("data"))
        .put("availability_status", "available");
    assertThat(problems(sample)).anyMatch(p -> p.contains("availability_status"));
  }

  static List<String> problems(JsonNode interaction) {
    JsonNode request = interaction.path("request");
    JsonNode response = interaction.path("response");
    Request.Method method = Request.Method.valueOf(request.path("method").asText().toUpperCase());
    SimpleRequest.Builder req = new SimpleRequest.Builder(method, request.path("path").asText());
    request
        .path("headers")
        .fields()
        .forEachRemaining(h -> req.withHeader(h.getKey(), h.getValue().asText()));
    if (request.has("body")) {
      req.withBody(request.path("body").toString());
    }
    SimpleResponse.Builder res = SimpleResponse.Builder.status(response.path("status").asInt());
    response
        .path("headers")
        .fields()
        .forEachRemaining(h -> res.withHeader(h.getKey(), h.getValue().asText()));
    if (!response.path("headers").has("Content-Type")) {
      res.withContentType("application/json");
    }
    if (response.has("body")) {
      res.withBody(response.path("body").toString());
    }
    // A request that expects an error answer is meant to break the contract: only its answer is
    // checked.
    boolean requestMeantValid = response.path("status").asInt() < 400;
    ValidationReport report =
        requestMeantValid
            ? VALIDATOR.validate(req.build(), res.build())
            : VALIDATOR.validateResponse(request.path("path").asText(), method, res.build());
    return report.getMessages().stream()
        .filter(m -> m.getLevel() != ValidationReport.Level.IGNORE)
        .map(m -> m.getKey() + ": " + m.getMessage())
        .toList();
  }

  private static String spec() {
    try (InputStream in = PactsMatchTheSpecTest.class.getResourceAsStream("/openapi.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
