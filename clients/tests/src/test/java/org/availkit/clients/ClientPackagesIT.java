package org.availkit.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every client package is versioned as the spec it was generated from ({@code info.version}): the
 * npm tarball, the wheel, the Go module's version and the Java artifact (the pom's api.version, the
 * version this module depends on the Java client by).
 */
class ClientPackagesIT {

  static final String VERSION = System.getProperty("availkit.api.version");
  static final Path ROOT = Path.of(System.getProperty("availkit.root"));

  @Test
  void everyPackageIsVersionedAsTheSpec() throws IOException {
    Path spec =
        Path.of(System.getProperty("availkit.root"), "api-spec/src/main/resources/openapi.yaml");
    Matcher info =
        Pattern.compile("^info:\\n(?:  .*\\n)*?  version: (\\S+)$", Pattern.MULTILINE)
            .matcher(Files.readString(spec));
    assertThat(info.find()).as("info.version in %s", spec).isTrue();
    assertThat(VERSION).as("the pom's api.version").isEqualTo(info.group(1));
    assertThat(Scratch.PACKAGES.resolve("availability-client-" + VERSION + ".tgz")).exists();
    assertThat(Scratch.PACKAGES.resolve("availability_client-" + VERSION + "-py3-none-any.whl"))
        .exists();
    // The Go module's version is the proxy's v<api.version> (GoClientIT); the Java artifact's is
    // its pom's own, which must say the same.
    Matcher java =
        Pattern.compile(
                "<artifactId>availability-client</artifactId>\\s*(?:<!--.*?-->\\s*)?<version>([^<]+)</version>",
                Pattern.DOTALL)
            .matcher(Files.readString(ROOT.resolve("clients/java/pom.xml")));
    assertThat(java.find()).isTrue();
    assertThat(java.group(1)).as("clients/java/pom.xml's version").isEqualTo(VERSION);
    assertThat(ROOT.resolve("clients/java/target/availability-client-" + VERSION + ".jar"))
        .exists();
  }

  /**
   * Each template copied from openapi-generator to change a few lines names the release it was
   * copied from, which must be the one the build runs: after an upgrade, copy it again.
   */
  @Test
  void theCopiedTemplatesAreTheGeneratorsOwnRelease() throws IOException {
    Matcher release =
        Pattern.compile("<openapi-generator.version>([^<]+)</openapi-generator.version>")
            .matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertThat(release.find()).isTrue();
    List<Path> templates;
    try (Stream<Path> files = Files.walk(Path.of("src/templates"))) {
      templates = files.filter(f -> f.toString().endsWith(".mustache")).toList();
    }
    assertThat(templates).hasSize(3);
    for (Path template : templates) {
      assertThat(Files.readString(template))
          .as("%s: copied from the generator the build runs?", template)
          .startsWith("{{! openapi-generator " + release.group(1) + "'s ");
    }
  }

  /** The README's examples are the files the tests run, word for word. */
  @Test
  void theReadmeShowsTheExamplesTheTestsRun() throws IOException {
    String readme = Files.readString(Path.of(System.getProperty("availkit.root"), "README.md"));
    for (String example :
        List.of(
            "typescript/example.ts",
            "python/example.py",
            "go/example/main.go",
            "maven/src/main/java/org/example/scratch/Example.java")) {
      assertThat(readme)
          .as("README.md shows src/test/%s as it is", example)
          .contains(Files.readString(Path.of("src/test", example)).strip());
    }
  }
}
