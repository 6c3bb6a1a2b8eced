package org.availkit.server.error;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.availkit.contract.AvailabilityRules;
import org.availkit.contract.ErrorCatalogue;
import org.availkit.contract.Source;
import org.availkit.server.api.model.AvailabilityRequest;
import org.availkit.server.api.model.ErrorResponse;
import org.availkit.server.error.BodySizeLimitFilter.BodyTooLargeException;
import org.availkit.server.system.DatabaseAvailability;
import org.availkit.server.system.EmbeddedStore;
import org.availkit.server.system.RequestIdFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The one place where failures inside Spring MVC become the error envelope. Filters and the
 * security entry points use the same {@link ErrorWriter}; {@link EnvelopeErrorController} covers
 * what the servlet container reports.
 *
 * <p>It is long because it has one handler for each kind of failure Spring can raise, each mapped
 * to its catalogue answer, so that every path to an error answer is in one file.
 */
@RestControllerAdvice
class ApiExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
  private static final String STATUS = "status";
  private static final String SOURCE = "source";

  /** Reads a body again, only to describe an input error in it: one value, whatever follows it. */
  private static final JsonMapper BODY_READER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private final ErrorWriter errors;
  private final DatabaseAvailability database;
  private final EmbeddedStore store;

  ApiExceptionHandler(ErrorWriter errors, DatabaseAvailability database, EmbeddedStore store) {
    this.errors = errors;
    this.database = database;
    this.store = store;
  }

  @ExceptionHandler(ApiError.class)
  ResponseEntity<ErrorResponse> apiError(ApiError error) {
    return errors.entity(error);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ErrorResponse> unreadable(
      HttpMessageNotReadableException ex, HttpServletRequest request) {
    return errors.entity(describeUnreadable(ex, request));
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<ErrorResponse> invalid(MethodArgumentNotValidException ex) {
    FieldError error = ex.getBindingResult().getFieldError();
    if (error == null) {
      return errors.entity(ApiError.of(ErrorCatalogue.bodyNotValid()));
    }
    Object target = ex.getBindingResult().getTarget();
    List<String> allowed =
        target instanceof AvailabilityRequest request && error.getField().equals(STATUS)
            ? AvailabilityRules.allowedStatuses(Source.fromWire(request.getSource().getValue()))
            : target == null
                ? List.of()
                : allowedValues(fieldType(target.getClass(), error.getField()));
    return errors.entity(fieldError(error.getRejectedValue() == null, error.getField(), allowed));
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ErrorResponse> mediaType(
      HttpMediaTypeNotSupportedException ex, HttpServletRequest request) {
    return errors.entity(
        ApiError.of(ErrorCatalogue.unsupportedMediaType(request.getContentType())));
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ErrorResponse> method(HttpRequestMethodNotSupportedException ex) {
    Set<HttpMethod> supported = ex.getSupportedHttpMethods();
    List<String> allowed =
        supported == null ? List.of() : supported.stream().map(HttpMethod::name).sorted().toList();
    return errors.entity(ApiError.of(ErrorCatalogue.methodNotAllowed(ex.getMethod(), allowed)));
  }

  @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
  ResponseEntity<ErrorResponse> notFound(HttpServletRequest request) {
    return errors.entity(
        ApiError.of(ErrorCatalogue.notFound(request.getMethod(), request.getRequestURI())));
  }

  @ExceptionHandler(ErrorResponseException.class)
  ResponseEntity<ErrorResponse> framework(ErrorResponseException ex, HttpServletRequest request) {
    if (ex.getStatusCode().is5xxServerError()) {
      return unexpected(ex);
    }
    return errors.entity(
        ApiError.forStatus(
            ex.getStatusCode().value(), request.getMethod(), request.getRequestURI()));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ErrorResponse> unexpected(Exception ex) {
    if (database.report(ex) || store.report(ex)) {
      // Logged once by the breaker as it opens, not once a request.
      return errors.entity(ApiError.of(ErrorCatalogue.databaseUnavailable()));
    }
    String requestId = RequestIdFilter.currentId();
    log.error("Unexpected error, request id {}", requestId, ex);
    return errors.entity(ApiError.of(ErrorCatalogue.internal(requestId)));
  }

  private static ApiError describeUnreadable(
      HttpMessageNotReadableException ex, HttpServletRequest request) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof BodyTooLargeException tooLarge) {
        return ApiError.of(ErrorCatalogue.payloadTooLarge(tooLarge.maxBytes));
      }
    }
    Throwable cause = ex.getCause();
    if (cause instanceof DatabindException databind) {
      String field =
          databind.getPath().stream()
              .map(ref -> ref.getPropertyName())
              .filter(name -> name != null)
              .reduce((a, b) -> a + "." + b)
              .orElse(null);
      if (field == null) {
        return ApiError.of(ErrorCatalogue.bodyNotAnObject());
      }
      boolean missing = databind instanceof InvalidNullException;
      if (field.equals(STATUS)) {
        return describeStatus(missing, BodySizeLimitFilter.bodyRead(request));
      }
      return fieldError(missing, field, allowedValues(targetType(databind)));
    }
    if (cause instanceof JacksonException) {
      // Broken syntax, invalid UTF-8, or past Jackson's limits (nesting, number or string length).
      return ApiError.of(ErrorCatalogue.bodyNotJson());
    }
    return ApiError.of(ErrorCatalogue.bodyMissing());
  }

  /**
   * A status Jackson could not bind, described with the values allowed for the body's source. The
   * source is checked first whatever the order of the keys (the mock does the same): its error
   * wins, since the status's allowed values depend on it.
   */
  private static ApiError describeStatus(boolean missing, byte[] body) {
    JsonNode source = sourceOf(body);
    if (source.isMissingNode()) {
      return fieldError(missing, STATUS, AvailabilityRules.allowedStatuses(Source.USER));
    }
    List<String> sources = Arrays.stream(Source.values()).map(Source::wire).toList();
    if (!source.isString() || !sources.contains(source.stringValue())) {
      return fieldError(source.isNull(), SOURCE, sources);
    }
    return fieldError(
        missing, STATUS, AvailabilityRules.allowedStatuses(Source.fromWire(source.stringValue())));
  }

  /**
   * The top-level {@code source} of a body, read as far as it goes: the body may stop short (cut at
   * the cap) or go on past the object; what comes after {@code source} is not needed.
   */
  private static JsonNode sourceOf(byte[] body) {
    try (JsonParser parser = BODY_READER.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return MissingNode.getInstance();
      }
      for (JsonToken token = parser.nextToken();
          token == JsonToken.PROPERTY_NAME;
          token = parser.nextToken()) {
        boolean source = parser.currentName().equals(SOURCE);
        parser.nextToken();
        if (source) {
          return BODY_READER.readTree(parser);
        }
        parser.skipChildren();
      }
    } catch (JacksonException e) {
      // Broken further on: no source before the break.
    }
    return MissingNode.getInstance();
  }

  private static ApiError fieldError(boolean missing, String field, List<String> allowed) {
    return ApiError.of(
        missing ? ErrorCatalogue.missing(field, allowed) : ErrorCatalogue.invalid(field, allowed));
  }

  private static Class<?> targetType(DatabindException ex) {
    if (ex instanceof InvalidFormatException invalid) {
      return invalid.getTargetType();
    }
    if (ex instanceof ValueInstantiationException instantiation) {
      return instantiation.getType().getRawClass();
    }
    if (ex instanceof MismatchedInputException mismatched) {
      return mismatched.getTargetType();
    }
    return null;
  }

  private static Class<?> fieldType(Class<?> type, String field) {
    try {
      Field f = type.getDeclaredField(field);
      return f.getType();
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  /** The wire values of an enum type (the generated enums print their wire value), else none. */
  private static List<String> allowedValues(Class<?> type) {
    if (type == null || !type.isEnum()) {
      return List.of();
    }
    return Arrays.stream(type.getEnumConstants()).map(Object::toString).toList();
  }
}
