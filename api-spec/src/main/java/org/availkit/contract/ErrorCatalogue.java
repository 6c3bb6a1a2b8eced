package org.availkit.contract;

import java.util.List;
import java.util.Map;

/**
 * Every error answer of the contract, in one place: its status, {@code error_type}, message, field
 * data and the headers the spec names for it (the spec's "Errors" responses, and the README's error
 * table). The server and the mock only turn a {@link Failure} into their own response, so a message
 * cannot differ between them; {@code SpecExamplesTest} checks the catalogue against the spec's
 * documented examples.
 *
 * <p>It is long because it is the contract's whole list of error answers: having them in one place
 * is the point.
 */
public final class ErrorCatalogue {

  /** The challenge of every 401: both accepted schemes. */
  public static final String CHALLENGE = "Basic realm=\"api\", token";

  /** The largest request body accepted by default (the spec's 16 KiB); larger ones get 413. */
  public static final int MAX_BODY_BYTES = 16 * 1024;

  static final String WWW_AUTHENTICATE = "WWW-Authenticate";
  static final String ALLOW = "Allow";
  static final String RETRY_AFTER = "Retry-After";

  private ErrorCatalogue() {}

  /** Libredesk's error types, each with the status it usually comes with. */
  public enum Type {
    INPUT(400, "InputException"),
    UNAUTHORIZED(401, "UnauthorizedException"),
    PERMISSION(403, "PermissionException"),
    NOT_FOUND(404, "NotFoundException"),
    METHOD_NOT_ALLOWED(405, "MethodNotAllowedException"),
    PAYLOAD_TOO_LARGE(413, "PayloadTooLargeException"),
    UNSUPPORTED_MEDIA_TYPE(415, "UnsupportedMediaTypeException"),
    RATE_LIMIT(429, "RateLimitException"),
    GENERAL(500, "GeneralException");

    private final int status;
    private final String wire;

    Type(int status, String wire) {
      this.status = status;
      this.wire = wire;
    }

    public int status() {
      return status;
    }

    /** The {@code error_type} of the envelope. */
    public String wire() {
      return wire;
    }
  }

  /**
   * One error answer. {@code field} is null when the envelope's {@code data} is null; otherwise
   * {@code data} is the field and its allowed values (possibly none).
   */
  public record Failure(
      int status,
      Type type,
      String message,
      String field,
      List<String> allowedValues,
      Map<String, String> headers) {
    public Failure {
      allowedValues = List.copyOf(allowedValues);
      headers = Map.copyOf(headers);
    }

    private Failure(Type type, String message, Map<String, String> headers) {
      this(type.status(), type, message, null, List.of(), headers);
    }

    private Failure(Type type, String message) {
      this(type, message, Map.of());
    }
  }

  /**
   * 400: {@code field} of the body is wrong; {@code allowed} lists what it may be (may be empty).
   */
  public static Failure input(String message, String field, List<String> allowed) {
    return new Failure(Type.INPUT.status(), Type.INPUT, message, field, allowed, Map.of());
  }

  /** 400: {@code field} has a value outside {@code allowed}. */
  public static Failure invalid(String field, List<String> allowed) {
    return input("Invalid " + field + "." + allowedSentence(allowed), field, allowed);
  }

  /** 400: {@code field} is missing (or null). */
  public static Failure missing(String field, List<String> allowed) {
    return input("Missing " + field + "." + allowedSentence(allowed), field, allowed);
  }

  public static Failure bodyMissing() {
    return input("The request body is missing.", "body", List.of());
  }

  public static Failure bodyNotJson() {
    return input("The request body is not valid JSON.", "body", List.of());
  }

  public static Failure bodyNotAnObject() {
    return input("The request body must be a JSON object.", "body", List.of());
  }

  public static Failure bodyNotValid() {
    return input("The request body is not valid.", "body", List.of());
  }

  /**
   * 400 for a request the HTTP server could not read; {@code reason} is the status's reason phrase.
   */
  public static Failure requestNotValid(String reason) {
    return input("The request is not valid (" + reason + ").", "request", List.of());
  }

  /** The message of the rules' refusal of a manual status from idle detection. */
  public static String idleCannotSet(String status) {
    return "Idle detection cannot set the status " + status + ".";
  }

  /** 401, one answer for every credential problem, with the challenge. */
  public static Failure unauthorized() {
    return new Failure(
        Type.UNAUTHORIZED, "Invalid API credentials.", Map.of(WWW_AUTHENTICATE, CHALLENGE));
  }

  public static Failure forbidden(String message) {
    return new Failure(Type.PERMISSION, message);
  }

  public static Failure accessDenied() {
    return forbidden("Access denied.");
  }

  public static Failure agentDisabled() {
    return forbidden("This agent is disabled.");
  }

  /** 403 for a cross-origin request refused without a more specific reason. */
  public static Failure crossOriginNotAllowed() {
    return forbidden("This cross-origin request is not allowed.");
  }

  public static Failure originNotAllowed(String origin) {
    return forbidden("Cross-origin requests from " + origin + " are not allowed.");
  }

  public static Failure crossOriginMethodNotAllowed(String method, List<String> allowed) {
    return forbidden(
        "Method "
            + method
            + " is not allowed from another origin. Allowed methods are "
            + String.join(", ", allowed)
            + ".");
  }

  public static Failure crossOriginHeadersNotAllowed(List<String> requested, List<String> allowed) {
    return forbidden(
        "Request headers "
            + String.join(", ", requested)
            + " are not allowed from another origin. Allowed headers are "
            + String.join(", ", allowed)
            + ".");
  }

  public static Failure notFound(String method, String path) {
    return new Failure(Type.NOT_FOUND, "No endpoint " + method + " " + path + ".");
  }

  /** 405 with the path's methods, also in {@code Allow}. */
  public static Failure methodNotAllowed(String method, List<String> allowed) {
    String list = String.join(", ", allowed);
    return new Failure(
        Type.METHOD_NOT_ALLOWED,
        "Method " + method + " is not allowed here. Allowed methods are " + list + ".",
        Map.of(ALLOW, list));
  }

  /** 405 from the HTTP server, which does not know the path's methods. */
  public static Failure methodNotAllowedHere(String method) {
    return new Failure(Type.METHOD_NOT_ALLOWED, "Method " + method + " is not allowed here.");
  }

  public static Failure payloadTooLarge(long maxBytes) {
    return new Failure(
        Type.PAYLOAD_TOO_LARGE, "The request body is larger than " + maxBytes + " bytes.");
  }

  /** 413 from the HTTP server, which does not say which limit was passed. */
  public static Failure requestTooLarge() {
    return new Failure(Type.PAYLOAD_TOO_LARGE, "The request is too large.");
  }

  public static Failure unsupportedMediaType(String contentType) {
    String what =
        contentType == null || contentType.isBlank()
            ? "A body without a content type"
            : "Content type " + contentType;
    return new Failure(
        Type.UNSUPPORTED_MEDIA_TYPE, what + " is not supported. Send application/json.");
  }

  public static Failure tooManyRequests(long retryAfterSeconds) {
    return new Failure(
        Type.RATE_LIMIT,
        "Too many requests. Try again in " + retryAfterSeconds + " seconds.",
        Map.of(RETRY_AFTER, Long.toString(retryAfterSeconds)));
  }

  /** 500: the message carries the request id to quote to the operator, when there is one. */
  public static Failure internal(String requestId) {
    return new Failure(
        Type.GENERAL,
        requestId == null
            ? "Unexpected error."
            : "Unexpected error (request id " + requestId + ").");
  }

  /** 503 while the server drains the requests in flight. */
  public static Failure shuttingDown() {
    return new Failure(
        503,
        Type.GENERAL,
        "The server is shutting down. Try again.",
        null,
        List.of(),
        Map.of(RETRY_AFTER, "1"));
  }

  /**
   * 503 while the database cannot be reached (stopped, unreachable, or unable to store a write):
   * the request was not applied, and the same request may be sent again. The server fails fast
   * while it knows the database is down, and tries it again in the background.
   */
  public static Failure databaseUnavailable() {
    return new Failure(
        503,
        Type.GENERAL,
        "The database is unavailable. Try again.",
        null,
        List.of(),
        Map.of(RETRY_AFTER, "1"));
  }

  /**
   * The sentence after a field's error naming its allowed values, or nothing when there are none.
   */
  static String allowedSentence(List<String> allowed) {
    return allowed.isEmpty() ? "" : " Allowed values are " + String.join(", ", allowed) + ".";
  }
}
