package org.availkit.contract.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.availkit.contract.AvailabilityRules;
import org.availkit.contract.RequestedStatus;
import org.availkit.contract.Source;
import org.junit.jupiter.api.Test;
import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.output.MarkdownRender;

/**
 * The spec may grow, but never break what the last released contract promised. The baseline is that
 * release, committed on purpose (baseline/openapi-1.0.0.yaml); at a release, copy the spec there.
 * OpenAPITools' openapi-diff decides what is breaking, with one exception it cannot judge.
 *
 * <p>openapi-diff reports any schema that gains a {@code oneOf} as a changed type, whatever the
 * {@code oneOf} says (its ComposedSchemaDiffResult, when the old schema is not composed). Since
 * 1.1.0 the request is an object with a {@code oneOf} that states the source rule. So openapi-diff
 * gets the spec with the request's {@code oneOf} taken out, and that {@code oneOf} is judged here
 * by what it refuses: every request the last release's schema allowed and its server accepted must
 * still be allowed.
 */
class BreakingChangesTest {

  static final String BASELINE = "/baseline/openapi-1.0.0.yaml";
  static final String PATH = "/api/v1/agents/me/availability";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void theSpecIsBackwardCompatibleWithTheLastRelease() {
    ChangedOpenApi diff =
        OpenApiCompare.fromContents(read(BASELINE), withoutTheRequestOneOf(read("/openapi.yaml")));
    assertThat(diff.isIncompatible())
        .as(() -> "breaking changes against " + BASELINE + ":\n" + markdown(diff))
        .isFalse();
  }

  @Test
  void removingARequestEnumValueIsCaughtAsBreaking() {
    String current = read("/openapi.yaml");
    String edited =
        current.replace(
            "enum: [available, busy, away, offline, online, away_manual, away_and_reassigning]",
            "enum: [available, busy, away, online, away_manual, away_and_reassigning]");
    assertThat(edited).isNotEqualTo(current);
    assertThat(
            OpenApiCompare.fromContents(read(BASELINE), withoutTheRequestOneOf(edited))
                .isIncompatible())
        .isTrue();
  }

  @Test
  void theRequestShapesRefuseNothingTheLastReleaseAccepted() {
    assertThat(refusedNow(read("/openapi.yaml"))).isEmpty();
  }

  @Test
  void narrowingARequestShapeIsCaughtAsBreaking() {
    String current = read("/openapi.yaml");
    String edited =
        current.replace(
            "enum: [available, away, offline, online]", "enum: [available, away, online]");
    assertThat(edited).isNotEqualTo(current);
    assertThat(refusedNow(edited)).containsExactly("{\"status\":\"offline\",\"source\":\"idle\"}");
  }

  /**
   * The requests the last release allowed (every status and source of its enums, and no source) and
   * its server accepted (the rules refused an idle busy then as now), which the spec refuses.
   */
  private static List<String> refusedNow(String spec) {
    OpenApiInteractionValidator baseline =
        OpenApiInteractionValidator.createForInlineApiSpecification(read(BASELINE)).build();
    OpenApiInteractionValidator current =
        OpenApiInteractionValidator.createForInlineApiSpecification(spec).build();
    ParseOptions options = new ParseOptions();
    options.setResolveFully(true);
    Schema<?> request =
        new OpenAPIV3Parser()
            .readContents(read(BASELINE), null, options)
            .getOpenAPI()
            .getPaths()
            .get(PATH)
            .getPut()
            .getRequestBody()
            .getContent()
            .get("application/json")
            .getSchema();
    List<String> sources = new ArrayList<>();
    sources.add(null);
    request.getProperties().get("source").getEnum().forEach(value -> sources.add(value.toString()));
    List<String> refused = new ArrayList<>();
    for (Object status : request.getProperties().get("status").getEnum()) {
      for (String source : sources) {
        String body =
            source == null
                ? "{\"status\":\"" + status + "\"}"
                : "{\"status\":\"" + status + "\",\"source\":\"" + source + "\"}";
        boolean acceptedThen =
            !validate(baseline, body).hasErrors()
                && AvailabilityRules.decide(
                        RequestedStatus.fromWire(status.toString()), Source.fromWire(source))
                    instanceof AvailabilityRules.Transition;
        if (acceptedThen && validate(current, body).hasErrors()) {
          refused.add(body);
        }
      }
    }
    return refused;
  }

  private static ValidationReport validate(OpenApiInteractionValidator validator, String body) {
    return validator.validateRequest(
        SimpleRequest.Builder.put(PATH)
            .withContentType("application/json")
            .withAuthorization("Basic YWtfYTphc19h")
            .withBody(body)
            .build());
  }

  /**
   * The spec with the request's {@code oneOf} taken out (and no other: a {@code oneOf} anywhere
   * else stays openapi-diff's to judge).
   */
  static String withoutTheRequestOneOf(String spec) {
    try {
      JsonNode root = YAML.readTree(spec);
      if (root.path("components").path("schemas").path("AvailabilityRequest")
          instanceof ObjectNode request) {
        request.remove("oneOf");
      }
      return YAML.writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void removingAnOperationIsCaughtAsBreaking() {
    String current = read("/openapi.yaml");
    String edited =
        current.replace(
            "  /api/v1/agents/me:\n    get:", "  /api/v1/agents/me:\n    x-removed-get:");
    assertThat(edited).isNotEqualTo(current);
    assertThat(
            OpenApiCompare.fromContents(read(BASELINE), withoutTheRequestOneOf(edited))
                .isIncompatible())
        .isTrue();
  }

  static String markdown(ChangedOpenApi diff) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OutputStreamWriter writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    new MarkdownRender().render(diff, writer); // flushes and closes the writer
    return out.toString(StandardCharsets.UTF_8);
  }

  static String read(String resource) {
    try (InputStream in = BreakingChangesTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
