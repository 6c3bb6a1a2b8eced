package org.availkit.server.system;

import java.util.List;
import java.util.Map;
import org.availkit.server.api.model.ErrorResponse;
import org.availkit.server.api.model.ErrorResponse.ErrorTypeEnum;
import org.availkit.server.api.model.ErrorResponseData;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A failure that reaches the client as the error envelope: status, Libredesk error type,
 * message, optional field data and the headers the spec names for that status.
 */
public final class ApiError extends RuntimeException {

  private final HttpStatus status;
  private final ErrorTypeEnum type;
  private final ErrorResponseData data;
  private final Map<String, String> headers;

  private ApiError(HttpStatus status, ErrorTypeEnum type, String message, ErrorResponseData data,
      Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.data = data;
    this.headers = headers;
  }

  private static ApiError of(HttpStatus status, ErrorTypeEnum type, String message) {
    return new ApiError(status, type, message, null, Map.of());
  }

  /** 400: {@code field} of the body is wrong; {@code allowed} lists what it may be (may be empty). */
  public static ApiError input(String message, String field, List<String> allowed) {
    return new ApiError(HttpStatus.BAD_REQUEST, ErrorTypeEnum.INPUT_EXCEPTION, message,
        new ErrorResponseData().field(field).allowedValues(allowed), Map.of());
  }

  public static ApiError unauthorized() {
    return of(HttpStatus.UNAUTHORIZED, ErrorTypeEnum.UNAUTHORIZED_EXCEPTION, "Invalid API credentials.");
  }

  public static ApiError forbidden(String message) {
    return of(HttpStatus.FORBIDDEN, ErrorTypeEnum.PERMISSION_EXCEPTION, message);
  }

  public static ApiError notFound(String method, String path) {
    return of(HttpStatus.NOT_FOUND, ErrorTypeEnum.NOT_FOUND_EXCEPTION, "No endpoint " + method + " " + path + ".");
  }

  public static ApiError methodNotAllowed(String method, List<String> allowed) {
    String list = String.join(", ", allowed);
    return new ApiError(HttpStatus.METHOD_NOT_ALLOWED, ErrorTypeEnum.METHOD_NOT_ALLOWED_EXCEPTION,
        "Method " + method + " is not allowed here. Allowed methods are " + list + ".", null,
        Map.of(HttpHeaders.ALLOW, list));
  }

  public static ApiError payloadTooLarge(long maxBytes) {
    return of(HttpStatus.CONTENT_TOO_LARGE, ErrorTypeEnum.PAYLOAD_TOO_LARGE_EXCEPTION,
        "The request body is larger than " + maxBytes + " bytes.");
  }

  public static ApiError unsupportedMediaType(String contentType) {
    String what = contentType == null || contentType.isBlank() ? "A body without a content type" : "Content type " + contentType;
    return of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorTypeEnum.UNSUPPORTED_MEDIA_TYPE_EXCEPTION,
        what + " is not supported. Send application/json.");
  }

  public static ApiError tooManyRequests(long retryAfterSeconds) {
    return new ApiError(HttpStatus.TOO_MANY_REQUESTS, ErrorTypeEnum.RATE_LIMIT_EXCEPTION,
        "Too many requests. Try again in " + retryAfterSeconds + " seconds.", null,
        Map.of(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds)));
  }

  public static ApiError internal(String requestId) {
    return of(HttpStatus.INTERNAL_SERVER_ERROR, ErrorTypeEnum.GENERAL_EXCEPTION,
        "Unexpected error (request id " + requestId + ").");
  }

  /** The error for a status that has no more specific constructor (statuses the framework sends). */
  public static ApiError forStatus(int code, String method, String path) {
    HttpStatus status = HttpStatus.resolve(code);
    if (status == HttpStatus.NOT_IMPLEMENTED) {
      // Tomcat's answer to a method it will not handle at all, such as CONNECT.
      return of(HttpStatus.METHOD_NOT_ALLOWED, ErrorTypeEnum.METHOD_NOT_ALLOWED_EXCEPTION,
          "Method " + method + " is not allowed here.");
    }
    if (status == HttpStatus.SERVICE_UNAVAILABLE) {
      // Tomcat's answer while a graceful shutdown drains the requests in flight.
      return new ApiError(status, ErrorTypeEnum.GENERAL_EXCEPTION, "The server is shutting down. Try again.", null,
          Map.of(HttpHeaders.RETRY_AFTER, "1"));
    }
    if (status == null || status.is5xxServerError()) {
      return internal(RequestIdFilter.currentId());
    }
    return switch (status) {
      case UNAUTHORIZED -> unauthorized();
      case FORBIDDEN -> forbidden("Access denied.");
      case NOT_FOUND -> notFound(method, path);
      case METHOD_NOT_ALLOWED -> of(status, ErrorTypeEnum.METHOD_NOT_ALLOWED_EXCEPTION,
          "Method " + method + " is not allowed here.");
      case CONTENT_TOO_LARGE -> of(status, ErrorTypeEnum.PAYLOAD_TOO_LARGE_EXCEPTION, "The request is too large.");
      case TOO_MANY_REQUESTS -> tooManyRequests(1);
      default -> input("The request is not valid (" + status.getReasonPhrase() + ").", "request", List.of());
    };
  }

  public HttpStatus status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public ErrorResponse body() {
    return new ErrorResponse(ErrorResponse.StatusEnum.ERROR, getMessage(), type, data);
  }

  @Override
  public String toString() {
    return status.value() + " " + type + ": " + getMessage();
  }

}
