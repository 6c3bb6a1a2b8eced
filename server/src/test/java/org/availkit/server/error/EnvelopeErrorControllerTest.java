package org.availkit.server.error;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import org.availkit.server.api.model.ErrorResponse;
import org.availkit.server.system.ContractJson;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * What the servlet container reports, as the envelope; /error asked for directly is a path the API
 * does not have.
 */
class EnvelopeErrorControllerTest {

  private final EnvelopeErrorController controller =
      new EnvelopeErrorController(ContractJson.errorWriter());

  @Test
  void theContainersErrorIsAnsweredForTheRequestThatFailed() {
    MockHttpServletRequest request = errorDispatch(405);
    request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/v1/agents/me");
    request.setAttribute("jakarta.servlet.error.method", "DELETE");

    ResponseEntity<ErrorResponse> answer = controller.error(request);

    assertThat(answer.getStatusCode().value()).isEqualTo(405);
    assertThat(answer.getBody().getMessage()).isEqualTo("Method DELETE is not allowed here.");
  }

  @Test
  void aNotFoundNamesTheFailedRequestsPathNotTheErrorPages() {
    MockHttpServletRequest request = errorDispatch(404);
    request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/v1/agents/you");
    assertThat(controller.error(request).getBody().getMessage())
        .isEqualTo("No endpoint POST /api/v1/agents/you.");
  }

  @Test
  void withoutTheFailedRequestsPathAndMethodTheErrorDispatchsOwnAreUsed() {
    ResponseEntity<ErrorResponse> answer = controller.error(errorDispatch(404));
    assertThat(answer.getStatusCode().value()).isEqualTo(404);
    assertThat(answer.getBody().getMessage()).isEqualTo("No endpoint POST /error.");
  }

  @Test
  void anErrorWithoutAStatusOrAServerErrorIsA500() {
    MockHttpServletRequest noStatus = errorDispatch(null);
    noStatus.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("boom"));
    assertThat(controller.error(noStatus).getStatusCode().value()).isEqualTo(500);
    assertThat(controller.error(errorDispatch(502)).getStatusCode().value()).isEqualTo(500);
    assertThat(controller.error(errorDispatch(502)).getBody().getErrorType())
        .isEqualTo(ErrorResponse.ErrorTypeEnum.GENERAL_EXCEPTION);
  }

  @Test
  void slashErrorRequestedDirectlyIsA404WhateverItsAttributes() {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
    request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
    ResponseEntity<ErrorResponse> answer = controller.error(request);
    assertThat(answer.getStatusCode().value()).isEqualTo(404);
    assertThat(answer.getBody().getMessage()).isEqualTo("No endpoint GET /error.");
  }

  private static MockHttpServletRequest errorDispatch(Integer status) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
    request.setDispatcherType(DispatcherType.ERROR);
    if (status != null) {
      request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
    }
    return request;
  }
}
