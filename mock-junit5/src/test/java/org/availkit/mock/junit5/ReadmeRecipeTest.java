package org.availkit.mock.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's JUnit 5 recipe ("Use the mock") is what the build runs: the example test file as it
 * is, the field form as {@link RegisterExtensionTest} declares it, and this module's coordinates.
 * Paths from the module's directory, where the tests run.
 */
class ReadmeRecipeTest {

  private static final Path README = Path.of("..", "README.md");

  @Test
  void theExampleIsTheTestFileTheBuildRuns() throws IOException {
    String example =
        Files.readString(Path.of("src/test/java/com/example/helpdesk/AvailabilityWidgetTest.java"));

    assertThat(Files.readString(README)).contains("```java\n" + example + "```\n");
  }

  @Test
  void theFieldFormIsTheOneATestDeclares() throws IOException {
    List<String> lines =
        Files.readAllLines(
            Path.of("src/test/java/org/availkit/mock/junit5/RegisterExtensionTest.java"));
    int start = lines.indexOf("    @RegisterExtension");
    int end = start;
    while (!lines.get(end).endsWith(".build();")) {
      end++;
    }
    String field = String.join("\n", lines.subList(start, end + 1));

    assertThat(Files.readString(README)).contains("```java\n" + field + "\n  ```\n");
  }

  @Test
  void theDependencyIsThisModulesArtifact() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    Matcher version =
        Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(pom);
    assertThat(version.find()).isTrue();
    assertThat(pom).contains("<artifactId>availability-mock-junit5</artifactId>");

    assertThat(Files.readString(README))
        .contains(
            """
            <dependency>
              <groupId>org.availkit</groupId>
              <artifactId>availability-mock-junit5</artifactId>
              <version>%s</version>
              <scope>test</scope>
            </dependency>
            """
                .formatted(version.group(1)));
  }
}
