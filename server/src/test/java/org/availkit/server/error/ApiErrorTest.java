package org.availkit.server.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.availkit.contract.ErrorCatalogue;
import org.availkit.server.api.model.ErrorResponse;
import org.availkit.server.api.model.ErrorResponse.ErrorTypeEnum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;

/**
 * Each error as the spec documents it: status, Libredesk's error type, message, data and the
 * headers named for that status; and every status the framework or Tomcat may send, mapped to one
 * of those.
 */
class ApiErrorTest {

  @Test
  void anInputErrorNamesTheFieldAndItsAllowedValues() {
    ApiError error =
        ApiError.of(
            ErrorCatalogue.input("Invalid status.", "status", List.of("available", "away")));
    assertThat(error.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(error.headers()).isEmpty();
    ErrorResponse body = error.body();
    assertThat(body.getStatus()).isEqualTo(ErrorResponse.StatusEnum.ERROR);
    assertThat(body.getErrorType()).isEqualTo(ErrorTypeEnum.INPUT_EXCEPTION);
    assertThat(body.getMessage()).isEqualTo("Invalid status.");
    assertThat(body.getData().get().getField()).isEqualTo("status");
    assertThat(body.getData().get().getAllowedValues()).containsExactly("available", "away");
    assertThat(error).hasToString("400 InputException: Invalid status.");
  }

  @Test
  void theErrorsWithoutDataHaveTheirStatusTypeAndMessage() {
    assertError(
        ApiError.of(ErrorCatalogue.unauthorized()),
        401,
        ErrorTypeEnum.UNAUTHORIZED_EXCEPTION,
        "Invalid API credentials.");
    assertError(
        ApiError.of(ErrorCatalogue.forbidden("This agent is disabled.")),
        403,
        ErrorTypeEnum.PERMISSION_EXCEPTION,
        "This agent is disabled.");
    assertError(
        ApiError.of(ErrorCatalogue.notFound("GET", "/nope")),
        404,
        ErrorTypeEnum.NOT_FOUND_EXCEPTION,
        "No endpoint GET /nope.");
    assertError(
        ApiError.of(ErrorCatalogue.payloadTooLarge(16384)),
        413,
        ErrorTypeEnum.PAYLOAD_TOO_LARGE_EXCEPTION,
        "The request body is larger than 16384 bytes.");
    assertError(
        ApiError.of(ErrorCatalogue.internal("abc123")),
        500,
        ErrorTypeEnum.GENERAL_EXCEPTION,
        "Unexpected error (request id abc123).");
  }

  @Test
  void anUnsupportedMediaTypeNamesTheContentTypeOrItsAbsence() {
    assertError(
        ApiError.of(ErrorCatalogue.unsupportedMediaType("text/plain")),
        415,
        ErrorTypeEnum.UNSUPPORTED_MEDIA_TYPE_EXCEPTION,
        "Content type text/plain is not supported. Send application/json.");
    String none = "A body without a content type is not supported. Send application/json.";
    assertError(
        ApiError.of(ErrorCatalogue.unsupportedMediaType(null)),
        415,
        ErrorTypeEnum.UNSUPPORTED_MEDIA_TYPE_EXCEPTION,
        none);
    assertError(
        ApiError.of(ErrorCatalogue.unsupportedMediaType(" ")),
        415,
        ErrorTypeEnum.UNSUPPORTED_MEDIA_TYPE_EXCEPTION,
        none);
  }

  @Test
  void aMethodNotAllowedListsTheMethodsInMessageAndAllow() {
    ApiError error = ApiError.of(ErrorCatalogue.methodNotAllowed("POST", List.of("GET", "PUT")));
    assertError(
        error,
        405,
        ErrorTypeEnum.METHOD_NOT_ALLOWED_EXCEPTION,
        "Method POST is not allowed here. Allowed methods are GET, PUT.");
    assertThat(error.headers()).isEqualTo(Map.of("Allow", "GET, PUT"));
  }

  @Test
  void tooManyRequestsSaysWhenToTryAgainInMessageAndRetryAfter() {
    ApiError error = ApiError.of(ErrorCatalogue.tooManyRequests(42));
    assertError(
        error,
        429,
        ErrorTypeEnum.RATE_LIMIT_EXCEPTION,
        "Too many requests. Try again in 42 seconds.");
    assertThat(error.headers()).isEqualTo(Map.of("Retry-After", "42"));
  }

  @Test
  void theFrameworksStatusesMapToTheDocumentedErrors() {
    assertError(
        ApiError.forStatus(401, "GET", "/api/v1/agents/me"),
        401,
        ErrorTypeEnum.UNAUTHORIZED_EXCEPTION,
        "Invalid API credentials.");
    assertError(
        ApiError.forStatus(403, "GET", "/x"),
        403,
        ErrorTypeEnum.PERMISSION_EXCEPTION,
        "Access denied.");
    assertError(
        ApiError.forStatus(404, "GET", "/x"),
        404,
        ErrorTypeEnum.NOT_FOUND_EXCEPTION,
        "No endpoint GET /x.");
    assertError(
        ApiError.forStatus(405, "DELETE", "/x"),
        405,
        ErrorTypeEnum.METHOD_NOT_ALLOWED_EXCEPTION,
        "Method DELETE is not allowed here.");
    assertError(
        ApiError.forStatus(413, "PUT", "/x"),
        413,
        ErrorTypeEnum.PAYLOAD_TOO_LARGE_EXCEPTION,
        "The request is too large.");
    ApiError tooMany = ApiError.forStatus(429, "GET", "/x");
    assertError(
        tooMany,
        429,
        ErrorTypeEnum.RATE_LIMIT_EXCEPTION,
        "Too many requests. Try again in 1 seconds.");
    assertThat(tooMany.headers()).isEqualTo(Map.of("Retry-After", "1"));
  }

  @Test
  void anyOtherClientErrorIsAnInputErrorOnTheRequest() {
    ApiError error = ApiError.forStatus(400, "GET", "/x");
    assertError(
        error, 400, ErrorTypeEnum.INPUT_EXCEPTION, "The request is not valid (Bad Request).");
    assertThat(error.body().getData().get().getField()).isEqualTo("request");
    assertThat(error.body().getData().get().getAllowedValues()).isEmpty();
    assertError(
        ApiError.forStatus(414, "GET", "/x"),
        400,
        ErrorTypeEnum.INPUT_EXCEPTION,
        "The request is not valid (URI Too Long).");
  }

  /** Tomcat's 501 for a method it does not handle at all (CONNECT) is the documented 405. */
  @Test
  void notImplementedIsAMethodNotAllowed() {
    ApiError error = ApiError.forStatus(501, "CONNECT", "/x");
    assertError(
        error,
        405,
        ErrorTypeEnum.METHOD_NOT_ALLOWED_EXCEPTION,
        "Method CONNECT is not allowed here.");
    assertThat(error.headers()).isEmpty();
  }

  @Test
  void aDrainingServersServiceUnavailableAsksForARetryInASecond() {
    ApiError error = ApiError.forStatus(503, "PUT", "/x");
    assertError(
        error, 503, ErrorTypeEnum.GENERAL_EXCEPTION, "The server is shutting down. Try again.");
    assertThat(error.headers()).isEqualTo(Map.of("Retry-After", "1"));
  }

  /**
   * Every other server error, and a status HTTP does not define, is a 500 naming the request's id.
   */
  @ParameterizedTest
  @ValueSource(ints = {500, 502, 504, 599, 299, 999})
  void anyOtherOrUnknownStatusIsAnInternalErrorWithTheRequestId(int status) {
    MDC.put("requestId", "req-42");
    try {
      assertError(
          ApiError.forStatus(status, "GET", "/x"),
          500,
          ErrorTypeEnum.GENERAL_EXCEPTION,
          "Unexpected error (request id req-42).");
    } finally {
      MDC.remove("requestId");
    }
  }

  private static void assertError(ApiError error, int status, ErrorTypeEnum type, String message) {
    assertThat(error.status().value()).isEqualTo(status);
    assertThat(error.body().getErrorType()).isEqualTo(type);
    assertThat(error.body().getStatus()).isEqualTo(ErrorResponse.StatusEnum.ERROR);
    assertThat(error.body().getMessage()).isEqualTo(message);
    assertThat(error.getMessage()).isEqualTo(message);
  }
}
