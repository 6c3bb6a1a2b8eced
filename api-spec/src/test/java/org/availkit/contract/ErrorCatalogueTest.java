package org.availkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.availkit.contract.ErrorCatalogue.Failure;
import org.availkit.contract.ErrorCatalogue.Type;
import org.junit.jupiter.api.Test;

/**
 * Every answer of the catalogue, exactly: the server and the mock send these words, so a changed
 * one is a changed contract. (The documented ones are also checked against the spec, in
 * SpecExamplesTest.)
 */
class ErrorCatalogueTest {

  private static final List<String> IDLE = List.of("available", "away", "offline", "online");

  @Test
  void eachTypeHasItsLibredeskNameAndStatus() {
    assertThat(Arrays.stream(Type.values()).map(t -> t.status() + " " + t.wire()))
        .containsExactly(
            "400 InputException",
            "401 UnauthorizedException",
            "403 PermissionException",
            "404 NotFoundException",
            "405 MethodNotAllowedException",
            "413 PayloadTooLargeException",
            "415 UnsupportedMediaTypeException",
            "429 RateLimitException",
            "500 GeneralException");
  }

  @Test
  void theChallengeAndTheBodyLimit() {
    assertThat(ErrorCatalogue.CHALLENGE).isEqualTo("Basic realm=\"api\", token");
    assertThat(ErrorCatalogue.MAX_BODY_BYTES).isEqualTo(16384);
  }

  @Test
  void fieldErrorsNameTheFieldAndItsAllowedValues() {
    assertFailure(
        ErrorCatalogue.invalid("status", IDLE),
        400,
        Type.INPUT,
        "Invalid status. Allowed values are available, away, offline, online.",
        "status",
        IDLE,
        Map.of());
    assertFailure(
        ErrorCatalogue.missing("source", List.of("user", "idle")),
        400,
        Type.INPUT,
        "Missing source. Allowed values are user, idle.",
        "source",
        List.of("user", "idle"),
        Map.of());
    assertFailure(
        ErrorCatalogue.invalid("name", List.of()),
        400,
        Type.INPUT,
        "Invalid name.",
        "name",
        List.of(),
        Map.of());
    assertFailure(
        ErrorCatalogue.missing("name", List.of()),
        400,
        Type.INPUT,
        "Missing name.",
        "name",
        List.of(),
        Map.of());
    assertFailure(
        ErrorCatalogue.input("No.", "status", IDLE),
        400,
        Type.INPUT,
        "No.",
        "status",
        IDLE,
        Map.of());
  }

  @Test
  void bodyAndRequestErrorsNameTheBodyOrTheRequest() {
    assertFailure(
        ErrorCatalogue.bodyMissing(),
        400,
        Type.INPUT,
        "The request body is missing.",
        "body",
        List.of(),
        Map.of());
    assertFailure(
        ErrorCatalogue.bodyNotJson(),
        400,
        Type.INPUT,
        "The request body is not valid JSON.",
        "body",
        List.of(),
        Map.of());
    assertFailure(
        ErrorCatalogue.bodyNotAnObject(),
        400,
        Type.INPUT,
        "The request body must be a JSON object.",
        "body",
        List.of(),
        Map.of());
    assertFailure(
        ErrorCatalogue.bodyNotValid(),
        400,
        Type.INPUT,
        "The request body is not valid.",
        "body",
        List.of(),
        Map.of());
    assertFailure(
        ErrorCatalogue.requestNotValid("Bad Request"),
        400,
        Type.INPUT,
        "The request is not valid (Bad Request).",
        "request",
        List.of(),
        Map.of());
    assertThat(ErrorCatalogue.idleCannotSet("busy"))
        .isEqualTo("Idle detection cannot set the status busy.");
  }

  @Test
  void authenticationAndPermissionErrors() {
    assertFailure(
        ErrorCatalogue.unauthorized(),
        401,
        Type.UNAUTHORIZED,
        "Invalid API credentials.",
        null,
        List.of(),
        Map.of("WWW-Authenticate", "Basic realm=\"api\", token"));
    assertFailure(
        ErrorCatalogue.forbidden("Go away."),
        403,
        Type.PERMISSION,
        "Go away.",
        null,
        List.of(),
        Map.of());
    assertFailure(
        ErrorCatalogue.accessDenied(),
        403,
        Type.PERMISSION,
        "Access denied.",
        null,
        List.of(),
        Map.of());
    assertFailure(
        ErrorCatalogue.agentDisabled(),
        403,
        Type.PERMISSION,
        "This agent is disabled.",
        null,
        List.of(),
        Map.of());
  }

  @Test
  void crossOriginRefusalsNameWhatWasRefused() {
    assertFailure(
        ErrorCatalogue.crossOriginNotAllowed(),
        403,
        Type.PERMISSION,
        "This cross-origin request is not allowed.",
        null,
        List.of(),
        Map.of());
    assertFailure(
        ErrorCatalogue.originNotAllowed("https://evil.example"),
        403,
        Type.PERMISSION,
        "Cross-origin requests from https://evil.example are not allowed.",
        null,
        List.of(),
        Map.of());
    assertFailure(
        ErrorCatalogue.crossOriginMethodNotAllowed("DELETE", List.of("GET", "PUT")),
        403,
        Type.PERMISSION,
        "Method DELETE is not allowed from another origin. Allowed methods are GET, PUT.",
        null,
        List.of(),
        Map.of());
    assertFailure(
        ErrorCatalogue.crossOriginHeadersNotAllowed(
            List.of("X-A", "X-B"), List.of("Authorization", "Prefer")),
        403,
        Type.PERMISSION,
        "Request headers X-A, X-B are not allowed from another origin. Allowed headers are Authorization, Prefer.",
        null,
        List.of(),
        Map.of());
  }

  @Test
  void pathAndMethodErrors() {
    assertFailure(
        ErrorCatalogue.notFound("GET", "/nowhere"),
        404,
        Type.NOT_FOUND,
        "No endpoint GET /nowhere.",
        null,
        List.of(),
        Map.of());
    assertFailure(
        ErrorCatalogue.methodNotAllowed("POST", List.of("GET", "PUT")),
        405,
        Type.METHOD_NOT_ALLOWED,
        "Method POST is not allowed here. Allowed methods are GET, PUT.",
        null,
        List.of(),
        Map.of("Allow", "GET, PUT"));
    assertFailure(
        ErrorCatalogue.methodNotAllowedHere("CONNECT"),
        405,
        Type.METHOD_NOT_ALLOWED,
        "Method CONNECT is not allowed here.",
        null,
        List.of(),
        Map.of());
  }

  @Test
  void bodyErrors() {
    assertFailure(
        ErrorCatalogue.payloadTooLarge(100),
        413,
        Type.PAYLOAD_TOO_LARGE,
        "The request body is larger than 100 bytes.",
        null,
        List.of(),
        Map.of());
    assertFailure(
        ErrorCatalogue.requestTooLarge(),
        413,
        Type.PAYLOAD_TOO_LARGE,
        "The request is too large.",
        null,
        List.of(),
        Map.of());
    assertFailure(
        ErrorCatalogue.unsupportedMediaType("text/plain"),
        415,
        Type.UNSUPPORTED_MEDIA_TYPE,
        "Content type text/plain is not supported. Send application/json.",
        null,
        List.of(),
        Map.of());
    assertThat(ErrorCatalogue.unsupportedMediaType(null).message())
        .isEqualTo("A body without a content type is not supported. Send application/json.");
    assertThat(ErrorCatalogue.unsupportedMediaType(" ").message())
        .isEqualTo("A body without a content type is not supported. Send application/json.");
  }

  @Test
  void limitsAndServerErrors() {
    assertFailure(
        ErrorCatalogue.tooManyRequests(30),
        429,
        Type.RATE_LIMIT,
        "Too many requests. Try again in 30 seconds.",
        null,
        List.of(),
        Map.of("Retry-After", "30"));
    assertFailure(
        ErrorCatalogue.internal("abc123"),
        500,
        Type.GENERAL,
        "Unexpected error (request id abc123).",
        null,
        List.of(),
        Map.of());
    assertFailure(
        ErrorCatalogue.internal(null),
        500,
        Type.GENERAL,
        "Unexpected error.",
        null,
        List.of(),
        Map.of());
    assertFailure(
        ErrorCatalogue.shuttingDown(),
        503,
        Type.GENERAL,
        "The server is shutting down. Try again.",
        null,
        List.of(),
        Map.of("Retry-After", "1"));
    assertFailure(
        ErrorCatalogue.databaseUnavailable(),
        503,
        Type.GENERAL,
        "The database is unavailable. Try again.",
        null,
        List.of(),
        Map.of("Retry-After", "1"));
  }

  @Test
  void aFailureDoesNotChangeWithTheCollectionsItWasMadeFrom() {
    List<String> allowed = new ArrayList<>(List.of("a"));
    Map<String, String> headers = new HashMap<>(Map.of("Allow", "GET"));
    Failure failure = new Failure(400, Type.INPUT, "No.", "f", allowed, headers);
    allowed.add("b");
    headers.put("Retry-After", "1");
    assertThat(failure.allowedValues()).containsExactly("a");
    assertThat(failure.headers()).containsExactly(Map.entry("Allow", "GET"));
    assertThatThrownBy(() -> failure.allowedValues().add("c"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> failure.headers().put("X", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static void assertFailure(
      Failure failure,
      int status,
      Type type,
      String message,
      String field,
      List<String> allowed,
      Map<String, String> headers) {
    assertThat(failure.status()).as("status").isEqualTo(status);
    assertThat(failure.type()).as("type").isEqualTo(type);
    assertThat(failure.message()).as("message").isEqualTo(message);
    assertThat(failure.field()).as("field").isEqualTo(field);
    assertThat(failure.allowedValues()).as("allowed values").isEqualTo(allowed);
    assertThat(failure.headers()).as("headers").isEqualTo(headers);
  }
}
