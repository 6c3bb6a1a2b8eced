package org.availkit.server.error;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.availkit.server.api.model.ErrorResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Turns an {@link ApiError} into the error envelope, for controllers and for filters alike. */
@Component
public class ErrorWriter {

  private final JsonMapper json;

  public ErrorWriter(JsonMapper json) {
    this.json = json;
  }

  public ResponseEntity<ErrorResponse> entity(ApiError error) {
    ResponseEntity.BodyBuilder builder =
        ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_JSON);
    error.headers().forEach(builder::header);
    return builder.body(error.body());
  }

  /** Writes the envelope straight to the response (outside Spring MVC: filters, entry points). */
  public void write(HttpServletResponse response, ApiError error) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    response.setStatus(error.status().value());
    error.headers().forEach(response::setHeader);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    byte[] body = json.writeValueAsBytes(error.body());
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    response.flushBuffer();
  }
}
