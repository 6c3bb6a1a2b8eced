package org.availkit.server.system;

import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the contract this server implements: the api-spec jar's {@code openapi.yaml}, byte for
 * byte. Swagger UI ({@code /swagger-ui/index.html}) reads it from here.
 */
@RestController
class OpenApiDocumentController {

  static final String PATH = "/api/v1/openapi.yaml";
  static final MediaType YAML = MediaType.parseMediaType("application/yaml");

  private final byte[] spec;

  OpenApiDocumentController() throws IOException {
    try (InputStream in = OpenApiDocumentController.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException(
            "openapi.yaml is missing from the classpath (api-spec jar)");
      }
      this.spec = in.readAllBytes();
    }
  }

  @GetMapping(PATH)
  ResponseEntity<byte[]> spec() {
    return ResponseEntity.ok().contentType(YAML).cacheControl(CacheControl.noCache()).body(spec);
  }
}
