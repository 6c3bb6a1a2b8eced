package org.availkit.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.availkit.contract.testing.TestProcess;

/**
 * The two servers every client is run against, each started once for all of this module's tests, as
 * their users run them: the mock's jar, and the server's jar on the embedded database in a fresh
 * directory, with one agent per client language made by the server's command line (so that the
 * languages' runs cannot see each other's changes). The mock takes exactly those credentials, so a
 * wrong secret is refused by both.
 */
final class Targets {

  /** The languages, each with an agent of its own on both targets. */
  static final List<String> LANGUAGES = List.of("typescript", "python", "go", "java");

  /** One server a client runs against. {@code mockAdmin} is null for the server. */
  record Target(String name, String baseUrl, String mockAdmin) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** An agent's credentials. */
  record Credentials(String key, String secret) {}

  private static final Path ROOT =
      Path.of(System.getProperty("availkit.root", "../..")).toAbsolutePath().normalize();
  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final Duration START = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Targets started;

  private final Map<String, Credentials> agents;
  private final List<Target> targets;

  private Targets(Map<String, Credentials> agents, List<Target> targets) {
    this.agents = agents;
    this.targets = targets;
  }

  /** The mock and the server, started on first use and stopped when the tests' JVM ends. */
  static synchronized Targets get() {
    if (started == null) {
      try {
        started = start();
      } catch (Exception e) {
        throw new IllegalStateException("could not start the mock and the server: " + e, e);
      }
    }
    return started;
  }

  static List<Target> all() {
    return get().targets;
  }

  static Credentials agentOf(String language) {
    return get().agents.get(language);
  }

  /** The environment a language's tests read: where to go, and with which credentials. */
  static Map<String, String> environment(String language, Target target) {
    Credentials agent = agentOf(language);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AVAILKIT_BASE_URL", target.baseUrl());
    env.put("AVAILKIT_KEY", agent.key());
    env.put("AVAILKIT_SECRET", agent.secret());
    env.put("AVAILKIT_MOCK_ADMIN", target.mockAdmin() == null ? "" : target.mockAdmin());
    return env;
  }

  private static Targets start() throws Exception {
    Path work = TARGET.resolve("server-work");
    deleteTree(work);
    Files.createDirectories(work);
    Path serverJar = ROOT.resolve("server/target/availability-server.jar");
    String lines =
        LANGUAGES.stream()
            .map(
                l ->
                    "{\"email\":\""
                        + l
                        + "@clients.test\",\"first_name\":\""
                        + l
                        + "\",\"roles\":[\"agent\"]}")
            .collect(Collectors.joining("\n", "", "\n"));
    Map<String, Credentials> agents = new LinkedHashMap<>();
    try (TestProcess cli =
        TestProcess.java("-jar", serverJar.toString(), "agents", "import")
            .directory(work)
            .errorsTo(TARGET.resolve("server-cli.log"))
            .input(lines)
            .start()) {
      if (!cli.waitFor(START) || cli.exitValue() != 0) {
        throw new IllegalStateException("agents import failed: " + cli.text());
      }
      JsonNode created = JSON.readTree(cli.text());
      for (JsonNode agent : created) {
        String language = agent.path("email").asText().replace("@clients.test", "");
        agents.put(
            language,
            new Credentials(agent.path("api_key").asText(), agent.path("api_secret").asText()));
      }
    }
    TestProcess server =
        TestProcess.java(
                "-jar",
                serverJar.toString(),
                "--server.port=0",
                "--management.server.port=0",
                "--availkit.bootstrap-admin=false")
            .directory(work)
            .copyOutputTo(TARGET.resolve("server.log"))
            .start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server)));
    int serverPort =
        Integer.parseInt(
            server.awaitLine(Pattern.compile("Tomcat started on port (\\d+)"), 0, START).group(1));

    List<String> mockArguments =
        new ArrayList<>(
            List.of(
                "-jar",
                ROOT.resolve("mock/target/availability-mock.jar").toString(),
                "--port",
                "0"));
    agents
        .values()
        .forEach(a -> mockArguments.addAll(List.of("--credential", a.key() + ":" + a.secret())));
    TestProcess mock =
        TestProcess.java(mockArguments.toArray(String[]::new))
            .copyOutputTo(TARGET.resolve("mock.log"))
            .start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(mock)));
    String mockUrl =
        mock.awaitLine(Pattern.compile("Availability mock on (http://localhost:\\d+)"), 0, START)
            .group(1);
    return new Targets(
        agents,
        List.of(
            new Target("mock", mockUrl, mockUrl + "/__admin"),
            new Target("server", "http://localhost:" + serverPort, null)));
  }

  private static void stop(TestProcess process) {
    try {
      process.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
