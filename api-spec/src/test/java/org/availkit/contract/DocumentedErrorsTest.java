package org.availkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The spec's documented errors are the catalogue's answers: what the server and the mock send (both
 * adapt {@link ErrorCatalogue}), so the spec cannot drift from either.
 */
class DocumentedErrorsTest {

  private static final OpenAPI API = SpecExamplesTest.parse();

  /** The spec as written, its references kept (to find where a shared response is used). */
  private static final OpenAPI RAW =
      new OpenAPIV3Parser().readContents(SpecExamplesTest.SPEC, null, null).getOpenAPI();

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
    assertDocumented("Unavailable", "shuttingDown", ErrorCatalogue.shuttingDown());
    assertDocumented("Unavailable", "databaseUnavailable", ErrorCatalogue.databaseUnavailable());
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
    Map<String, String> documented = new TreeMap<>();
    if (response.getHeaders() != null) {
      response
          .getHeaders()
          .forEach(
              (header, h) ->
                  documented.put(header, String.valueOf(((Schema) h.getSchema()).getExample())));
    }
    assertThat(documented).as(where + " headers").isEqualTo(new TreeMap<>(failure.headers()));
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
}
