package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/**
 * The contract as this server serves it: the api-spec jar's openapi.yaml byte for byte, as YAML,
 * never cached stale.
 */
class OpenApiDocumentControllerTest {

  @Test
  void servesThePackagedSpecByteForByte() throws Exception {
    byte[] packaged;
    try (InputStream in = getClass().getResourceAsStream("/openapi.yaml")) {
      packaged = in.readAllBytes();
    }
    ResponseEntity<byte[]> answer = new OpenApiDocumentController().spec();
    assertThat(answer.getStatusCode().value()).isEqualTo(200);
    assertThat(answer.getBody()).isEqualTo(packaged).isNotEmpty();
    assertThat(answer.getHeaders().getContentType()).hasToString("application/yaml");
    assertThat(answer.getHeaders().getCacheControl()).isEqualTo("no-cache");
  }
}
