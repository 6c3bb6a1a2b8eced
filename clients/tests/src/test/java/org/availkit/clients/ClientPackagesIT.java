package org.availkit.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every client package is versioned as the spec it was generated from ({@code info.version}): the
 * npm tarball, the wheel, the Go module's version and the Java artifact (the pom's api.version, the
 * version this module depends on the Java client by).
 */
class ClientPackagesIT {

  static final String VERSION = System.getProperty("availkit.api.version");

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
    assertThat(Files.readString(Path.of("target/generated/go/configuration.go")))
        .contains("OpenAPI-Generator/" + VERSION + "/go");
    assertThat(
            Path.of(
                System.getProperty("availkit.root"),
                "clients/java/target/availability-client-" + VERSION + ".jar"))
        .exists();
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
            "java/org/availkit/clients/example/Example.java")) {
      assertThat(readme)
          .as("README.md shows src/test/%s as it is", example)
          .contains(Files.readString(Path.of("src/test", example)).strip());
    }
  }
}
