package org.availkit.contract.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    String spec = read("/openapi.yaml");
    ChangedOpenApi diff = OpenApiCompare.fromContents(read(BASELINE), judged(spec));
    assertThat(diff.isIncompatible())
        .as(() -> "breaking changes against " + BASELINE + ":\n" + markdown(diff))
        .isFalse();
    List<String> added = responseEnumAdditions(read(BASELINE), spec);
    if (!added.isEmpty()) {
      System.out.println(
          "Response values new since "
              + BASELINE
              + " (fine for forward-compatible clients): "
              + added);
    }
  }

  /**
   * A value a response may carry that the last release did not list breaks a client that rejects
   * unknown values (openapi-diff calls it incompatible). For an enum schema of its own (such as
   * AvailabilityStatus), the kit's clients do not reject them (each language's
   * forward-compatibility test, -Pclients), so the gate lets such a value through, names it, and
   * requires that every client generator of the build keeps enumUnknownDefaultCase on ({@link
   * #everyClientIsGeneratedToAcceptUnknownValues}).
   */
  @Test
  void aNewResponseEnumValueIsAChangeForForwardCompatibleClients() {
    String current = read("/openapi.yaml");
    String edited =
        current.replace(
            "enum: [online, busy, away, away_manual, away_and_reassigning, offline]",
            "enum: [online, busy, away, away_manual, away_and_reassigning, offline, in_a_meeting]");
    assertThat(edited).isNotEqualTo(current);
    assertThat(
            OpenApiCompare.fromContents(read(BASELINE), withoutTheRequestOneOf(edited))
                .isIncompatible())
        .as("openapi-diff alone")
        .isTrue();
    assertThat(responseEnumAdditions(read(BASELINE), edited))
        .containsExactly("AvailabilityStatus: in_a_meeting");
    assertThat(OpenApiCompare.fromContents(read(BASELINE), judged(edited)).isIncompatible())
        .as("the gate")
        .isFalse();
  }

  @Test
  void aNewValueOfAnEnumInsideAResponseObjectStaysBreaking() {
    String current = read("/openapi.yaml");
    String edited =
        current.replace(
            "enum: [InputException, UnauthorizedException,",
            "enum: [InputException, QuotaException, UnauthorizedException,");
    assertThat(edited).isNotEqualTo(current);
    assertThat(responseEnumAdditions(read(BASELINE), edited)).isEmpty();
    assertThat(OpenApiCompare.fromContents(read(BASELINE), judged(edited)).isIncompatible())
        .isTrue();
  }

  @Test
  void aNewRequestEnumValueIsNoResponseChange() {
    String edited =
        read("/openapi.yaml")
            .replace(
                "enum: [available, busy, away, offline, online, away_manual, away_and_reassigning]",
                "enum: [available, busy, away, offline, online, away_manual, away_and_reassigning, lunch]");
    assertThat(responseEnumAdditions(read(BASELINE), edited)).isEmpty();
  }

  /** The client generators of -Pclients: each one's execution turns enumUnknownDefaultCase on. */
  @Test
  void everyClientIsGeneratedToAcceptUnknownValues() throws IOException {
    for (String pom : List.of("../clients/java/pom.xml", "../clients/tests/pom.xml")) {
      String xml = Files.readString(Path.of(pom));
      Matcher execution =
          Pattern.compile("<execution>.*?</execution>", Pattern.DOTALL).matcher(xml);
      int generators = 0;
      while (execution.find()) {
        String block = execution.group();
        if (block.contains("<generatorName>")) {
          generators++;
          assertThat(block)
              .as("an execution of %s", pom)
              .contains("<enumUnknownDefaultCase>true</enumUnknownDefaultCase>");
          if (block.contains("<generatorName>python</generatorName>")) {
            // The python generator ignores the option: its template adds the unknown member.
            assertThat(block).contains("src/templates/python");
            assertThat(Path.of("../clients/tests/src/templates/python/model_enum.mustache"))
                .content()
                .contains("UNKNOWN_DEFAULT_OPEN_API", "def _missing_");
          }
        }
      }
      assertThat(generators).as(pom).isPositive();
    }
  }

  /**
   * What openapi-diff is given: the spec without the request's oneOf and the new response values.
   */
  static String judged(String spec) {
    return withoutResponseEnumAdditions(read(BASELINE), withoutTheRequestOneOf(spec));
  }

  /**
   * The values that the enum schemas a response can carry (found from each response's schema,
   * through its references) list in {@code spec} and not in {@code baseline}: "Schema: value".
   */
  static List<String> responseEnumAdditions(String baseline, String spec) {
    List<String> added = new ArrayList<>();
    Map<String, ArrayNode> before = responseEnums(tree(baseline));
    responseEnums(tree(spec))
        .forEach(
            (where, values) -> {
              ArrayNode old = before.get(where);
              for (JsonNode value : values) {
                if (old != null && !contains(old, value)) {
                  added.add(where + ": " + value.asText());
                }
              }
            });
    return added;
  }

  private static String withoutResponseEnumAdditions(String baseline, String spec) {
    Map<String, ArrayNode> before = responseEnums(tree(baseline));
    JsonNode root = tree(spec);
    responseEnums(root)
        .forEach(
            (where, values) -> {
              ArrayNode old = before.get(where);
              for (int i = values.size() - 1; old != null && i >= 0; i--) {
                if (!contains(old, values.get(i))) {
                  values.remove(i);
                }
              }
            });
    try {
      return YAML.writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every enum a response's schema reaches, by where it is defined. */
  private static Map<String, ArrayNode> responseEnums(JsonNode root) {
    Map<String, ArrayNode> enums = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode path : root.path("paths")) {
      for (JsonNode operation : path) {
        for (JsonNode response : operation.path("responses")) {
          JsonNode resolved = resolve(root, response);
          for (JsonNode media : resolved.path("content")) {
            collectEnums(root, media.path("schema"), "", enums, seen);
          }
        }
      }
    }
    return enums;
  }

  private static void collectEnums(
      JsonNode root,
      JsonNode schema,
      String where,
      Map<String, ArrayNode> enums,
      Set<String> seen) {
    if (!schema.isObject()) {
      return;
    }
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      if (seen.add(ref)) {
        collectEnums(
            root, resolve(root, schema), ref.substring(ref.lastIndexOf('/') + 1), enums, seen);
      }
      return;
    }
    // Only an enum schema of its own (components/schemas/X): that is what every client reads as a
    // type with an unknown member. An enum inline in an object stays openapi-diff's to judge: the
    // python generator checks those with a validator that throws.
    if (schema.get("enum") instanceof ArrayNode values
        && !where.isEmpty()
        && !where.contains(".")
        && !where.contains("[")) {
      enums.put(where, values);
    }
    schema
        .path("properties")
        .properties()
        .forEach(p -> collectEnums(root, p.getValue(), where + "." + p.getKey(), enums, seen));
    collectEnums(root, schema.path("items"), where + "[]", enums, seen);
    for (String composition : List.of("allOf", "oneOf", "anyOf")) {
      for (JsonNode part : schema.path(composition)) {
        collectEnums(root, part, where, enums, seen);
      }
    }
  }

  /** {@code node}, or what its {@code $ref} (local, "#/...") points at. */
  private static JsonNode resolve(JsonNode root, JsonNode node) {
    if (!node.has("$ref")) {
      return node;
    }
    return root.at(node.get("$ref").asText().substring(1));
  }

  private static boolean contains(ArrayNode values, JsonNode value) {
    for (JsonNode v : values) {
      if (v.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode tree(String spec) {
    try {
      return YAML.readTree(spec);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
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
