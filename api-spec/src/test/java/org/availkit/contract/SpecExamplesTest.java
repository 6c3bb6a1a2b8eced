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
 * The packaged spec is valid OpenAPI, and every example in it (request bodies, responses, schemas)
 * matches its schema. The build fails otherwise.
 */
class SpecExamplesTest {

  private static final String SPEC = readSpec();
  private static final OpenAPI API = parse();

  /** The spec as written, its references kept (to find where a shared response is used). */
  private static final OpenAPI RAW =
      new OpenAPIV3Parser().readContents(SPEC, null, null).getOpenAPI();

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
    // Both operations' 503 is one shared answer (components/responses/ShuttingDown).
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
   * Each documented error example is the catalogue's answer, message and headers included: the
   * catalogue is what the server and the mock send, so the spec cannot drift from either.
   */
  @Test
  void theDocumentedErrorsAreTheCatalogues() {
    assertDocumented(
        "BadRequest",
        "invalidStatus",
        ErrorCatalogue.invalid("status", AvailabilityRules.allowedStatuses(Source.USER)));
    assertDocumented(
        "BadRequest",
        "invalidIdleStatus",
        ErrorCatalogue.invalid("status", AvailabilityRules.allowedStatuses(Source.IDLE)));
    assertDocumented("BadRequest", "malformedJson", ErrorCatalogue.bodyNotJson());
    assertDocumented("BadRequest", "idleBusy", rejection(RequestedStatus.BUSY));
    assertDocumented("BadRequest", "idleManual", rejection(RequestedStatus.AWAY_MANUAL));
    assertDocumented("UnreadableRequest", null, ErrorCatalogue.requestNotValid("Bad Request"));
    assertDocumented("Unauthorized", null, ErrorCatalogue.unauthorized());
    assertDocumented("Forbidden", null, ErrorCatalogue.agentDisabled());
    assertDocumented(
        "MethodNotAllowed", null, ErrorCatalogue.methodNotAllowed("POST", List.of("PUT")));
    assertDocumented(
        "PayloadTooLarge", null, ErrorCatalogue.payloadTooLarge(ErrorCatalogue.MAX_BODY_BYTES));
    assertDocumented(
        "UnsupportedMediaType", null, ErrorCatalogue.unsupportedMediaType("text/plain"));
    assertDocumented("TooManyRequests", null, ErrorCatalogue.tooManyRequests(30));
    assertDocumented("InternalError", null, ErrorCatalogue.internal("5f0c2a9e41b7d3c8"));
    assertDocumented("ShuttingDown", null, ErrorCatalogue.shuttingDown());
  }

  private static ErrorCatalogue.Failure rejection(RequestedStatus status) {
    AvailabilityRules.Rejection rejection =
        (AvailabilityRules.Rejection) AvailabilityRules.decide(status, Source.IDLE);
    return ErrorCatalogue.input(rejection.message(), rejection.field(), rejection.allowedValues());
  }

  /**
   * The spec's response {@code name} (its example {@code example}, or its only one) is {@code
   * failure}.
   */
  @SuppressWarnings("rawtypes")
  private static void assertDocumented(
      String name, String example, ErrorCatalogue.Failure failure) {
    var response = API.getComponents().getResponses().get(name);
    MediaType media = response.getContent().get("application/json");
    JsonNode body =
        Json.mapper()
            .valueToTree(
                example == null ? media.getExample() : media.getExamples().get(example).getValue());
    String where = name + (example == null ? "" : " " + example);
    assertThat(body.path("status").asText()).as(where).isEqualTo("error");
    assertThat(body.path("message").asText()).as(where).isEqualTo(failure.message());
    assertThat(body.path("error_type").asText()).as(where).isEqualTo(failure.type().wire());
    if (failure.field() == null) {
      assertThat(body.path("data").isNull()).as(where + " data").isTrue();
    } else {
      assertThat(body.path("data").path("field").asText()).as(where).isEqualTo(failure.field());
      List<String> allowed = new ArrayList<>();
      body.path("data").path("allowed_values").forEach(v -> allowed.add(v.asText()));
      assertThat(allowed).as(where).isEqualTo(failure.allowedValues());
    }
    Map<String, String> documented = new java.util.TreeMap<>();
    if (response.getHeaders() != null) {
      response
          .getHeaders()
          .forEach(
              (header, h) ->
                  documented.put(header, String.valueOf(((Schema) h.getSchema()).getExample())));
    }
    assertThat(documented)
        .as(where + " headers")
        .isEqualTo(new java.util.TreeMap<>(failure.headers()));
    // The status: the one each operation documents this response under.
    List<String> statuses = new ArrayList<>();
    RAW.getPaths()
        .forEach(
            (path, item) ->
                item.readOperations()
                    .forEach(
                        op ->
                            op.getResponses()
                                .forEach(
                                    (status, r) -> {
                                      if (("#/components/responses/" + name).equals(r.get$ref())) {
                                        statuses.add(status);
                                      }
                                    })));
    assertThat(statuses)
        .as(where + " status")
        .isNotEmpty()
        .containsOnly(Integer.toString(failure.status()));
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

  private static OpenAPI parse() {
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
