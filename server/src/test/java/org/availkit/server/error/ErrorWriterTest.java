package org.availkit.server.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.availkit.contract.ErrorCatalogue;
import org.availkit.server.api.model.ErrorResponse;
import org.availkit.server.system.ContractJson;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;

/**
 * The envelope as filters write it and as controllers return it: the same status, headers and body.
 */
class ErrorWriterTest {

  private final ErrorWriter errors = ContractJson.errorWriter();

  @Test
  void writesTheStatusHeadersAndEnvelopeReplacingWhatWasBuffered() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    response
        .getOutputStream()
        .write("partial answer".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    errors.write(response, ApiError.of(ErrorCatalogue.tooManyRequests(7)));

    assertThat(response.getStatus()).isEqualTo(429);
    assertThat(response.getHeader("Retry-After")).isEqualTo("7");
    assertThat(response.getContentType()).isEqualTo("application/json;charset=UTF-8");
    assertThat(response.isCommitted()).isTrue();
    byte[] body = response.getContentAsByteArray();
    assertThat(response.getContentLength()).isEqualTo(body.length);
    JsonNode json = ContractJson.mapper().readTree(body);
    assertThat(json.path("status").asString()).isEqualTo("error");
    assertThat(json.path("error_type").asString()).isEqualTo("RateLimitException");
    assertThat(json.path("message").asString())
        .isEqualTo("Too many requests. Try again in 7 seconds.");
  }

  @Test
  void aCommittedResponseIsLeftAsItIs() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    response.setStatus(200);
    response.getOutputStream().write("sent".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    response.flushBuffer();
    errors.write(response, ApiError.of(ErrorCatalogue.unauthorized()));
    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getContentAsString()).isEqualTo("sent");
  }

  @Test
  void anEntityCarriesTheSameStatusHeadersAndBody() {
    ApiError error = ApiError.of(ErrorCatalogue.methodNotAllowed("POST", List.of("GET", "PUT")));
    ResponseEntity<ErrorResponse> entity = errors.entity(error);
    assertThat(entity.getStatusCode().value()).isEqualTo(405);
    assertThat(entity.getHeaders().getFirst("Allow")).isEqualTo("GET, PUT");
    assertThat(entity.getHeaders().getContentType()).hasToString("application/json");
    assertThat(entity.getBody()).isEqualTo(error.body());
  }
}
