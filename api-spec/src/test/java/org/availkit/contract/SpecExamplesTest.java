package org.availkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.availkit.contract.testing.RuleCases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged spec is valid OpenAPI, every example in it (request bodies, responses, schemas)
 * matches its schema, and the request schema accepts exactly what the rules accept. The build fails
 * otherwise. The documented errors are checked against the catalogue in {@link
 * DocumentedErrorsTest}.
 */
class SpecExamplesTest {

  static final String SPEC = readSpec();
  private static final OpenAPI API = parse();

  private static final OpenApiInteractionValidator VALIDATOR =
      OpenApiInteractionValidator.createForInlineApiSpecification(SPEC).build();
  private static final String CREDENTIALS = "Basic YWtfZXhhbXBsZTphc19leGFtcGxl";

  record Example(String name, String method, String path, int status, String json) {
    @Override
    public String toString() {
      return method + " " + path + " " + (status == 0 ? "request" : status) + " " + name;
    }
  }

  @Test
  void specParsesWithoutErrorsOrWarnings() {
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(SPEC, null, options());
    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.0.3");
  }

  /**
   * Every answer the spec documents, for every operation, read from the spec itself: none without
   * an example.
   */
  @Test
  void everyDocumentedAnswerHasAnExample() {
    assertThat(documentedAnswersWithoutExample(API)).isEmpty();
    // The list is the spec's, not a copy of it: the statuses a client and an operator meet are all
    // there.
    assertThat(documentedAnswers(API))
        .contains(
            "PUT /api/v1/agents/me/availability 400",
            "GET /api/v1/agents/me 401",
            "PUT /api/v1/agents/me/availability 503");
  }

  @Test
  void aDocumentedAnswerWithoutAnExampleIsCaught() {
    OpenAPI api = parse();
    var unavailable =
        api.getPaths().get("/api/v1/agents/me/availability").getPut().getResponses().get("503");
    unavailable.getContent().get("application/json").setExample(null);
    unavailable.getContent().get("application/json").setExamples(null);
    api.getPaths().get("/api/v1/agents/me").getGet().getResponses().get("200").setContent(null);
    // Both operations' 503 is one shared answer (components/responses/Unavailable).
    assertThat(documentedAnswersWithoutExample(api))
        .containsExactly(
            "GET /api/v1/agents/me 200",
            "GET /api/v1/agents/me 503",
            "PUT /api/v1/agents/me/availability 503");
  }

  /** "METHOD path status" of every response the spec documents, sorted. */
  static List<String> documentedAnswers(OpenAPI api) {
    List<String> answers = new ArrayList<>();
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, op) ->
                            op.getResponses()
                                .keySet()
                                .forEach(
                                    status -> answers.add(method + " " + path + " " + status))));
    return answers.stream().sorted().toList();
  }

  /** The documented responses that carry no example of their JSON body (or no body at all). */
  static List<String> documentedAnswersWithoutExample(OpenAPI api) {
    List<String> withExample = new ArrayList<>();
    examples(api)
        .filter(e -> e.status() != 0)
        .forEach(e -> withExample.add(e.method() + " " + e.path() + " " + e.status()));
    return documentedAnswers(api).stream().filter(answer -> !withExample.contains(answer)).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleMatchesItsSchema(Example example) {
    assertThat(validate(example).getMessages()).isEmpty();
  }

  @Test
  void aWrongExampleIsCaught() {
    Example online = examples().filter(e -> e.status() == 200).findFirst().orElseThrow();
    Example broken =
        new Example(
            online.name(),
            online.method(),
            online.path(),
            200,
            online.json().replace("\"online\"", "\"available\""));
    assertThat(validate(broken).hasErrors()).isTrue();
  }

  @Test
  void schemaExamplesMatchTheirSchemas() {
    SchemaValidator schemas = new SchemaValidator(API, new MessageResolver());
    List<String> problems = new ArrayList<>();
    API.getComponents()
        .getSchemas()
        .forEach((name, schema) -> checkSchemaExamples(schemas, name, schema, problems));
    assertThat(problems).isEmpty();
  }

  /**
   * The request schema states the rules' allowed values: every value from the agent, no manual one
   * from idle.
   */
  @Test
  @SuppressWarnings("rawtypes")
  void theRequestSchemaStatesTheValuesTheRulesAllow() {
    Schema request = API.getComponents().getSchemas().get("AvailabilityRequest");
    Map<String, Schema> properties = request.getProperties();
    assertThat(properties.get("status").getEnum())
        .isEqualTo(AvailabilityRules.allowedStatuses(Source.USER));
    assertThat(properties.get("source").getEnum()).containsExactly("user", "idle");
    List<Schema> shapes = request.getOneOf();
    assertThat(shapes).extracting(Schema::getTitle).containsExactly("UserChange", "IdleChange");
    Map<String, Schema> idle = shapes.get(1).getProperties();
    assertThat(shapes.get(1).getRequired()).containsExactly("source");
    assertThat(idle.get("source").getEnum()).containsExactly("idle");
    assertThat(idle.get("status").getEnum())
        .isEqualTo(AvailabilityRules.allowedStatuses(Source.IDLE));
    assertThat(((Schema) shapes.get(0).getProperties().get("source")).getEnum())
        .containsExactly("user");
  }

  /**
   * Every status x source (and no source): the schema accepts exactly what the rules do not reject.
   */
  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("statusesAndSources")
  void theSchemaAcceptsARequestExactlyWhenTheRulesDo(RequestedStatus status, String source) {
    String body =
        source == null
            ? "{\"status\":\"" + status.wire() + "\"}"
            : "{\"status\":\"" + status.wire() + "\",\"source\":\"" + source + "\"}";
    // The literal rules table, not the rules class: no source is a user change.
    boolean rulesAccept =
        RuleCases.every()
            .noneMatch(
                rule ->
                    rule.requested().equals(status.wire())
                        && rule.source().equals(source == null ? "user" : source)
                        && rule.rejected());
    ValidationReport report =
        validate(new Example("request", "PUT", "/api/v1/agents/me/availability", 0, body));
    assertThat(report.hasErrors()).as(report.toString()).isEqualTo(!rulesAccept);
  }

  static Stream<Arguments> statusesAndSources() {
    List<Arguments> all = new ArrayList<>();
    for (RequestedStatus status : RequestedStatus.values()) {
      for (String source : new String[] {null, "user", "idle"}) {
        all.add(Arguments.of(status, source));
      }
    }
    return all.stream();
  }

  @SuppressWarnings("rawtypes")
  private static void checkSchemaExamples(
      SchemaValidator schemas, String where, Schema schema, List<String> problems) {
    if (schema.getExample() != null) {
      JsonNode node = Json.mapper().valueToTree(schema.getExample());
      ValidationReport report = schemas.validate(() -> node, schema, "example");
      report.getMessages().forEach(m -> problems.add(where + ": " + m));
    }
    if (schema.getProperties() != null) {
      ((Map<String, Schema>) schema.getProperties())
          .forEach(
              (prop, child) -> checkSchemaExamples(schemas, where + "." + prop, child, problems));
    }
  }

  private static ValidationReport validate(Example example) {
    if (example.status() == 0) {
      return VALIDATOR.validateRequest(
          SimpleRequest.Builder.put(example.path())
              .withContentType("application/json")
              .withAuthorization(CREDENTIALS)
              .withBody(example.json())
              .build());
    }
    return VALIDATOR.validateResponse(
        example.path(),
        Request.Method.valueOf(example.method()),
        SimpleResponse.Builder.status(example.status())
            .withContentType("application/json")
            .withBody(example.json())
            .build());
  }

  static Stream<Example> examples() {
    return examples(API);
  }

  static Stream<Example> examples(OpenAPI api) {
    List<Example> all = new ArrayList<>();
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap().forEach((method, op) -> collect(all, path, method, op)));
    return all.stream();
  }

  private static void collect(
      List<Example> all, String path, PathItem.HttpMethod method, Operation op) {
    if (op.getRequestBody() != null) {
      addExamples(
          all, method.name(), path, 0, op.getRequestBody().getContent().get("application/json"));
    }
    op.getResponses()
        .forEach(
            (status, response) -> {
              if (response.getContent() != null) {
                addExamples(
                    all,
                    method.name(),
                    path,
                    Integer.parseInt(status),
                    response.getContent().get("application/json"));
              }
            });
  }

  private static void addExamples(
      List<Example> all, String method, String path, int status, MediaType media) {
    if (media == null) {
      return;
    }
    if (media.getExample() != null) {
      all.add(new Example("example", method, path, status, json(media.getExample())));
    }
    if (media.getExamples() != null) {
      media
          .getExamples()
          .forEach(
              (name, ex) -> all.add(new Example(name, method, path, status, json(ex.getValue()))));
    }
  }

  private static String json(Object value) {
    try {
      return Json.mapper().writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ParseOptions options() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    return options;
  }

  /** The packaged spec, its references resolved. */
  static OpenAPI parse() {
    return new OpenAPIV3Parser().readContents(SPEC, null, options()).getOpenAPI();
  }

  private static String readSpec() {
    try (InputStream in = SpecExamplesTest.class.getResourceAsStream("/openapi.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
