package org.availkit.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.availkit.clients.Targets.Target;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Go module (the go generator's client, built and vetted by the package phase) published as
 * version v1.1.0 to a file-based module proxy, the layout of the Go module proxy protocol
 * (go.dev/ref/mod, "GOPROXY protocol": {@code $module/@v/list}, {@code .info}, {@code .mod}, {@code
 * .zip}), which is how a private module reaches a user's build; a scratch module requires it,
 * {@code go} fetches it from that proxy, and the module's tests ({@code go test}) and the README's
 * example ({@code go run}) run against each target. {@code go test -json}'s events become its
 * report: {@code target/client-reports/TEST-go-<target>.xml}.
 */
class GoClientIT {

  static final String MODULE = "github.com/availkit/availability-client-go";
  static final Path PROXY = Path.of("target/goproxy").toAbsolutePath();
  static Scratch project;
  static Map<String, String> goEnvironment;

  @BeforeAll
  static void publishAndFetch() throws IOException {
    String version = "v" + System.getProperty("availkit.api.version");
    publish(Path.of("target/generated/go").toAbsolutePath(), version);
    goEnvironment = new LinkedHashMap<>();
    // That proxy only: neither module needs another, and nothing of this name may come from
    // elsewhere. The Go that runs the build, never one go.mod's version would download.
    goEnvironment.put("GOPROXY", PROXY.toUri().toString());
    goEnvironment.put("GOTOOLCHAIN", "local");
    // Not in the public checksum database: go records its hash in go.sum, and checks it after.
    goEnvironment.put("GONOSUMDB", MODULE);
    // A module cache of this run's own: go never fetches a version again once its cache holds it,
    // and each build publishes v1.1.0 afresh. Read-write, so that it can be deleted.
    Path cache = Path.of("target/gomodcache").toAbsolutePath();
    Targets.deleteTree(cache);
    goEnvironment.put("GOMODCACHE", cache.toString());
    goEnvironment.put(
        "GOFLAGS", (System.getenv().getOrDefault("GOFLAGS", "") + " -mod=mod -modcacherw").trim());
    project = Scratch.of("go");
    project.run(goEnvironment, "go", "mod", "download", MODULE);
    project.run(goEnvironment, "go", "vet", "./...");
  }

  static List<Target> targets() {
    return Targets.all();
  }

  @ParameterizedTest(name = "against the {0}")
  @MethodSource("targets")
  void passesItsTestsAndTheExample(Target target) throws IOException {
    Map<String, String> env = new LinkedHashMap<>(goEnvironment);
    env.putAll(Targets.environment("go", target));
    Scratch.Outcome tests = project.attempt(env, "go", "test", "-count=1", "-json", "./...");
    Files.writeString(
        Scratch.REPORTS.resolve("TEST-go-" + target.name() + ".xml"),
        junitXml("go-" + target.name(), tests.output()));
    assertThat(tests.exitValue()).as("go test:\n%s", tests.output()).isZero();
    assertThat(project.run(env, "go", "run", "./example")).contains("away_manual");
  }

  /** The module's files as version {@code version} of {@link #MODULE} in {@link #PROXY}. */
  static void publish(Path module, String version) throws IOException {
    Path dir = PROXY.resolve(MODULE).resolve("@v");
    Targets.deleteTree(PROXY);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("list"), version + "\n");
    Files.writeString(
        dir.resolve(version + ".info"),
        "{\"Version\":\"" + version + "\",\"Time\":\"" + Instant.now() + "\"}\n");
    Files.copy(module.resolve("go.mod"), dir.resolve(version + ".mod"));
    try (OutputStream file = Files.newOutputStream(dir.resolve(version + ".zip"));
        ZipOutputStream zip = new ZipOutputStream(file);
        Stream<Path> files = Files.walk(module)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = module.relativize(f).toString();
        // The generator's own bookkeeping is no part of the module.
        if (name.startsWith(".openapi-generator")) {
          continue;
        }
        zip.putNextEntry(new ZipEntry(MODULE + "@" + version + "/" + name));
        Files.copy(f, zip);
        zip.closeEntry();
      }
    }
  }

  /** {@code go test -json}'s events as a JUnit XML report: one case per test that ran. */
  static String junitXml(String suite, String events) {
    ObjectMapper json = new ObjectMapper();
    Map<String, String> outcomes = new LinkedHashMap<>();
    Map<String, StringBuilder> output = new LinkedHashMap<>();
    for (String line : events.split("\n")) {
      if (!line.startsWith("{")) {
        continue;
      }
      try {
        JsonNode event = json.readTree(line);
        String test = event.path("Test").asText(null);
        if (test == null) {
          continue;
        }
        String action = event.path("Action").asText();
        switch (action) {
          case "pass", "fail", "skip" -> outcomes.put(test, action);
          case "output" ->
              output
                  .computeIfAbsent(test, t -> new StringBuilder())
                  .append(event.path("Output").asText());
          default -> {}
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    long failures = outcomes.values().stream().filter("fail"::equals).count();
    long skipped = outcomes.values().stream().filter("skip"::equals).count();
    StringBuilder xml =
        new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            .append(
                String.format(
                    "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\">%n",
                    suite, outcomes.size(), failures, skipped));
    outcomes.forEach(
        (test, action) -> {
          xml.append("  <testcase classname=\"")
              .append(suite)
              .append("\" name=\"")
              .append(test)
              .append('"');
          String text = escape(output.getOrDefault(test, new StringBuilder()).toString());
          switch (action) {
            case "fail" -> xml.append("><failure>").append(text).append("</failure></testcase>\n");
            case "skip" ->
                xml.append("><skipped message=\"").append(text).append("\"/></testcase>\n");
            default -> xml.append("/>\n");
          }
        });
    return xml.append("</testsuite>\n").toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
