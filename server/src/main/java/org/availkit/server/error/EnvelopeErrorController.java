package org.availkit.server.error;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.availkit.server.api.model.ErrorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's error page: whatever the servlet container reports (an error raised
 * outside Spring MVC, a {@code sendError}) is answered with the error envelope too.
 */
@RestController
class EnvelopeErrorController implements ErrorController {

  private static final Logger log = LoggerFactory.getLogger(EnvelopeErrorController.class);

  private final ErrorWriter errors;

  EnvelopeErrorController(ErrorWriter errors) {
    this.errors = errors;
  }

  @RequestMapping("${server.error.path:/error}")
  ResponseEntity<ErrorResponse> error(HttpServletRequest request) {
    // Only the container's error dispatch reaches this as an error. Requested directly, /error is
    // a path like any other that the API does not have: a 404, not a 500 and an ERROR line that
    // anyone could repeat to fill the log and the error metric.
    if (request.getDispatcherType() != DispatcherType.ERROR) {
      return errors.entity(ApiError.forStatus(404, request.getMethod(), request.getRequestURI()));
    }
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i ? i : 500;
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    Object method = request.getAttribute("jakarta.servlet.error.method");
    if (status >= 500) {
      Object ex = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
      log.error(
          "Unexpected error, status {} for {}", status, uri, ex instanceof Throwable t ? t : null);
    }
    return errors.entity(
        ApiError.forStatus(
            status,
            method == null ? request.getMethod() : method.toString(),
            uri == null ? request.getRequestURI() : uri.toString()));
  }
}
