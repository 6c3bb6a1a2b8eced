package org.availkit.server.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.availkit.contract.ErrorCatalogue;
import org.availkit.contract.ErrorCatalogue.Failure;
import org.availkit.server.error.ApiError;
import org.availkit.server.error.ErrorWriter;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;

/**
 * Spring's CORS processing, answered as the contract answers: a refused cross-origin request gets
 * 403 in the envelope, naming what was refused (Spring writes a plain-text "Invalid CORS request"),
 * and an accepted preflight 204 (Spring leaves the status at 200), and a preflight to a path
 * outside the API 403 as well (Spring answers it 200, without CORS headers). What is accepted, and
 * every header, is Spring's: the checks below are its own, in its order (DefaultCorsProcessor's
 * handleInternal), only named.
 */
final class EnvelopeCorsProcessor extends DefaultCorsProcessor {

  private final ErrorWriter errors;

  EnvelopeCorsProcessor(ErrorWriter errors) {
    this.errors = errors;
  }

  /**
   * A preflight to a path outside the API is refused too (Spring lets it through, as a bare 200).
   */
  @Override
  public boolean processRequest(
      CorsConfiguration config, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    boolean crossOrigin;
    try {
      crossOrigin = CorsUtils.isCorsRequest(request);
    } catch (IllegalArgumentException e) {
      return super.processRequest(
          config, request, response); // Spring refuses an Origin it cannot parse
    }
    if (config == null && crossOrigin && CorsUtils.isPreFlightRequest(request)) {
      errors.write(response, ApiError.of(ErrorCatalogue.crossOriginNotAllowed()));
      return false;
    }
    return super.processRequest(config, request, response);
  }

  @Override
  protected boolean handleInternal(
      ServerHttpRequest request,
      ServerHttpResponse response,
      CorsConfiguration config,
      boolean preFlightRequest)
      throws IOException {
    Failure refusal = refusal(request, config, preFlightRequest);
    if (refusal != null) {
      reject(response, refusal);
      return false;
    }
    boolean accepted = super.handleInternal(request, response, config, preFlightRequest);
    if (accepted && preFlightRequest) {
      response.setStatusCode(HttpStatus.NO_CONTENT);
    }
    return accepted;
  }

  /** What Spring would refuse, as the catalogue's answer, or null. */
  private Failure refusal(
      ServerHttpRequest request, CorsConfiguration config, boolean preFlightRequest) {
    String origin = request.getHeaders().getOrigin();
    if (checkOrigin(config, origin) == null) {
      return ErrorCatalogue.originNotAllowed(origin);
    }
    HttpMethod method =
        preFlightRequest
            ? request.getHeaders().getAccessControlRequestMethod()
            : request.getMethod();
    if (checkMethods(config, method) == null) {
      return ErrorCatalogue.crossOriginMethodNotAllowed(
          String.valueOf(method), orNone(config.getAllowedMethods()));
    }
    List<String> headers = request.getHeaders().getAccessControlRequestHeaders();
    if (preFlightRequest && checkHeaders(config, headers) == null) {
      return ErrorCatalogue.crossOriginHeadersNotAllowed(
          orNone(headers), orNone(config.getAllowedHeaders()));
    }
    return null;
  }

  /** Spring's own refusal, should one of its checks refuse what the ones above let through. */
  @Override
  protected void rejectRequest(ServerHttpResponse response) throws IOException {
    reject(response, ErrorCatalogue.crossOriginNotAllowed());
  }

  private void reject(ServerHttpResponse response, Failure refusal) throws IOException {
    errors.write(((ServletServerHttpResponse) response).getServletResponse(), ApiError.of(refusal));
  }

  private static List<String> orNone(List<String> values) {
    return Objects.requireNonNullElse(values, List.of());
  }
}
