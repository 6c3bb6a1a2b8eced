package org.availkit.server.error;

import java.util.Map;
import org.availkit.contract.ErrorCatalogue;
import org.availkit.contract.ErrorCatalogue.Failure;
import org.availkit.server.api.model.ErrorResponse;
import org.availkit.server.api.model.ErrorResponse.ErrorTypeEnum;
import org.availkit.server.api.model.ErrorResponseData;
import org.availkit.server.system.RequestIdFilter;
import org.springframework.http.HttpStatus;

/**
 * A failure that reaches the client as the error envelope: one of {@link ErrorCatalogue}'s answers,
 * thrown or written by the server. The words, types and headers are the catalogue's (the mock sends
 * the same ones); this class only maps them onto Spring's and the generated model's types, and
 * Tomcat's and Spring's statuses onto the catalogue ({@link #forStatus}).
 */
public final class ApiError extends RuntimeException {

  private final HttpStatus status;
  private final Failure failure;

  private ApiError(Failure failure) {
    super(failure.message(), null, false, false);
    this.status = HttpStatus.valueOf(failure.status());
    this.failure = failure;
  }

  /** The catalogue's {@code failure}, to throw or write. */
  public static ApiError of(Failure failure) {
    return new ApiError(failure);
  }

  /**
   * The error for a status that has no more specific constructor (statuses the framework sends).
   */
  public static ApiError forStatus(int code, String method, String path) {
    HttpStatus status = HttpStatus.resolve(code);
    if (status == HttpStatus.NOT_IMPLEMENTED) {
      // Tomcat's answer to a method it will not handle at all, such as CONNECT.
      return of(ErrorCatalogue.methodNotAllowedHere(method));
    }
    if (status == HttpStatus.SERVICE_UNAVAILABLE) {
      // Tomcat's answer while a graceful shutdown drains the requests in flight.
      return of(ErrorCatalogue.shuttingDown());
    }
    if (status == null || status.is5xxServerError()) {
      return of(ErrorCatalogue.internal(RequestIdFilter.currentId()));
    }
    return switch (status) {
      case UNAUTHORIZED -> of(ErrorCatalogue.unauthorized());
      case FORBIDDEN -> of(ErrorCatalogue.accessDenied());
      case NOT_FOUND -> of(ErrorCatalogue.notFound(method, path));
      case METHOD_NOT_ALLOWED -> of(ErrorCatalogue.methodNotAllowedHere(method));
      case CONTENT_TOO_LARGE -> of(ErrorCatalogue.requestTooLarge());
      case TOO_MANY_REQUESTS -> of(ErrorCatalogue.tooManyRequests(1));
      default -> of(ErrorCatalogue.requestNotValid(status.getReasonPhrase()));
    };
  }

  public HttpStatus status() {
    return status;
  }

  public Map<String, String> headers() {
    return failure.headers();
  }

  public ErrorResponse body() {
    ErrorResponseData data =
        failure.field() == null
            ? null
            : new ErrorResponseData().field(failure.field()).allowedValues(failure.allowedValues());
    return new ErrorResponse(
        ErrorResponse.StatusEnum.ERROR,
        getMessage(),
        ErrorTypeEnum.fromValue(failure.type().wire()),
        data);
  }

  @Override
  public String toString() {
    return status.value() + " " + failure.type().wire() + ": " + getMessage();
  }
}
