package org.availkit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's npm recipe is the file the npm package's scratch project runs, word for word. */
class ReadmeRecipesTest {

  @Test
  void theReadmeShowsTheRecipeTheNpmTestRuns() throws IOException {
    assertThat(Files.readString(Path.of("../README.md")))
        .contains(Files.readString(Path.of("src/test/npm/recipe.test.mjs")).strip());
  }
}
