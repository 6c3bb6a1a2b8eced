package org.availkit.contract.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.output.MarkdownRender;

/**
 * The spec may grow, but never break what the last released contract promised. The baseline is
 * that release, committed on purpose (baseline/openapi-1.0.0.yaml); at a release, copy the spec
 * there. OpenAPITools' openapi-diff decides what is breaking.
 */
class BreakingChangesTest {

  static final String BASELINE = "/baseline/openapi-1.0.0.yaml";

  @Test
  void theSpecIsBackwardCompatibleWithTheLastRelease() {
    ChangedOpenApi diff = OpenApiCompare.fromContents(read(BASELINE), read("/openapi.yaml"));
    assertThat(diff.isIncompatible())
        .as(() -> "breaking changes against " + BASELINE + ":\n" + markdown(diff))
        .isFalse();
  }

  @Test
  void removingARequestEnumValueIsCaughtAsBreaking() {
    String current = read("/openapi.yaml");
    String edited = current.replace("enum: [available, busy, away, offline]", "enum: [available, busy, away]");
    assertThat(edited).isNotEqualTo(current);
    assertThat(OpenApiCompare.fromContents(read(BASELINE), edited).isIncompatible()).isTrue();
  }

  @Test
  void removingAnOperationIsCaughtAsBreaking() {
    String current = read("/openapi.yaml");
    String edited = current.replace("  /api/v1/agents/me:\n    get:", "  /api/v1/agents/me:\n    x-removed-get:");
    assertThat(edited).isNotEqualTo(current);
    assertThat(OpenApiCompare.fromContents(read(BASELINE), edited).isIncompatible()).isTrue();
  }

  static String markdown(ChangedOpenApi diff) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OutputStreamWriter writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    new MarkdownRender().render(diff, writer); // flushes and closes the writer
    return out.toString(StandardCharsets.UTF_8);
  }

  static String read(String resource) {
    try (InputStream in = BreakingChangesTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
