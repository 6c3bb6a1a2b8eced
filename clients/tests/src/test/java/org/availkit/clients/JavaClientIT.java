package org.availkit.clients;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.availkit.clients.Targets.Target;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java client (clients/java: its jar and its flattened pom, which names no parent and every
 * dependency's version) installed with {@code mvn install:install-file}, as a user installs a jar
 * they were given, into the local repository of a scratch Maven project that depends on it; then
 * the project's JUnit tests and the README's example against each target, built with the Maven
 * running this build. That local repository is a fresh one of the project's own, with this build's
 * as a read-only tail (Maven's maven.repo.local.tail) for plugins and JUnit: Maven looks in the
 * fresh one first, so the client is always the one just installed, never an earlier build's. Its
 * report: {@code target/client-reports/TEST-java-<target>.xml}.
 */
class JavaClientIT {

  static final String VERSION = System.getProperty("availkit.api.version");
  static Scratch project;
  static Path localRepository;

  @BeforeAll
  static void install() {
    Path built = Path.of(System.getProperty("availkit.root"), "clients/java/target");
    project = Scratch.of("maven");
    localRepository = project.dir.resolve("m2");
    maven(
        Map.of(),
        "org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file",
        "-Dfile=" + built.resolve("availability-client-" + VERSION + ".jar"),
        "-DpomFile=" + built.resolve(".flattened-pom.xml"));
  }

  static List<Target> targets() {
    return Targets.all();
  }

  @ParameterizedTest(name = "against the {0}")
  @MethodSource("targets")
  void passesItsTestsAndTheExample(Target target) throws IOException {
    maven(Targets.environment("java", target), "-Davailability-client.version=" + VERSION, "test");
    try (Stream<Path> reports = Files.list(project.dir.resolve("target/surefire-reports"))) {
      Path report =
          reports
              .filter(f -> f.getFileName().toString().matches("TEST-.+\\.xml"))
              .findFirst()
              .orElseThrow();
      Files.copy(
          report,
          Scratch.REPORTS.resolve("TEST-java-" + target.name() + ".xml"),
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void maven(Map<String, String> environment, String... arguments) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("maven.home"), "bin", "mvn").toString(),
                "-B",
                "-ntp",
                "-Dstyle.color=never",
                "-Dmaven.repo.local=" + localRepository,
                "-Dmaven.repo.local.tail=" + System.getProperty("availkit.local-repository")));
    command.addAll(List.of(arguments));
    project.run(environment, command.toArray(String[]::new));
  }
}
