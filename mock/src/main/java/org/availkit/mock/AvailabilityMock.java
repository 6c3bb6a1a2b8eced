package org.availkit.mock;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.security.Authenticator;
import com.github.tomakehurst.wiremock.security.NoAuthenticator;
import com.github.tomakehurst.wiremock.security.TokenAuthenticator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The mock server: WireMock with the extensions that make it behave like the availability server.
 * {@code mock/run [--port 4010] [--credential KEY:SECRET]...}, or {@code java -jar
 * availability-mock.jar} with the same options ({@link ClassArchiveTraining} says what the script
 * adds).
 */
public final class AvailabilityMock implements AutoCloseable {

  private final WireMockServer server;
  private final MockOptions options;
  private final LiveSpec live;
  private final Violations violations;

  private AvailabilityMock(MockOptions options, ContractSpec spec) {
    this.options = options;
    this.live = new LiveSpec(spec, options.maxBodyBytes());
    AgentStore agents = new AgentStore(() -> live.current().spec().exampleAgent());
    this.violations = new Violations();
    Proxy proxy =
        options.proxyTo() == null
            ? null
            : new Proxy(options.proxyTo(), live, violations, System.out);
    ApiFilter api =
        new ApiFilter(
            live,
            new Cors(
                options.cors(), options.corsOrigins(), path -> live.current().spec().methods(path)),
            new Credentials(options.credentials(), options.acceptAnyCredentials()),
            new AgentApi(agents),
            options.latencyMillis(),
            proxy);
    // WireMock's own token check too (Authorization: Token <token>, which WireMock's client sends
    // with a
    // ClientTokenAuthenticator); AdminGuard checks the same header first, answering with the
    // envelope.
    Authenticator admin =
        options.adminToken() == null
            ? new NoAuthenticator()
            : new TokenAuthenticator(options.adminToken());
    WireMockConfiguration config =
        WireMockConfiguration.options()
            .port(options.port())
            .bindAddress(options.bindAddress())
            .adminAuthenticator(admin)
            .withRootDirectory(emptyDirectory().toString())
            .notifier(new Slf4jNotifier(false))
            // No per-request log formatting: the notifier discards it anyway, and formatting reads
            // the body
            // with the declared charset, which throws on an unknown one before any extension runs.
            .stubRequestLoggingDisabled(true)
            // The server does not compress, and neither does the mock: WireMock's gzip handler
            // was a large share of its CPU (bench/README.md, "Choices the profiles made").
            .gzipDisabled(true)
            // No h2c: the server (Tomcat, no h2c configured) answers an upgrade offer over
            // HTTP/1.1, and Jetty's h2c upgrade, which Java's HttpClient offers by default, stalled
            // or cut a few of every hundred fresh clients' requests
            // (EnvelopeJettyServerTest.anH2cUpgradeIsAnsweredOverHttp11LikeOnTheServer).
            // Jetty11HttpServer.createHttpConnector adds the h2c factory unless this is set.
            .http2PlainDisabled(true)
            .httpServerFactory(
                new EnvelopeJettyServer(
                    new AdminGuard(options.bindAddress(), options.adminToken())))
            // Start-up work the mock does not need, off the critical path (start to first answer):
            // stub files (none are read or written), response templating (the mock does not
            // template)
            // and WireMock's HTTP client for proxying (built when first used).
            .mappingSource(new InMemoryMappings())
            .templatingEnabled(false)
            .httpClientFactory(new LazyHttpClientFactory())
            .extensions(
                api,
                new AdminExtensions.ResetAgents(agents, admin),
                new AdminExtensions.AgentState(agents),
                violations);
    // WireMock counts a bounded journal on every request, so a request costs more the longer the
    // journal: hence the default of 100 (bench/README.md, "Choices the profiles made").
    if (options.journalEntries() == 0) {
      config.disableRequestJournal();
    } else {
      config.maxRequestJournalEntries(options.journalEntries());
    }
    this.server = new WireMockServer(config);
  }

  /**
   * Starts a mock on the packaged spec. The spec is parsed twice, by the mock and by the request
   * validator, while WireMock loads its classes: the three run side by side, and the mock takes
   * requests once all three are done. Start to first answer, median of six starts on 2 cores: 1.36
   * s one after the other, 1.13 s side by side.
   */
  public static AvailabilityMock start(MockOptions options) {
    return start(options, System.out);
  }

  /**
   * Starts a mock on the packaged spec, or on {@code --spec}'s file (which must load: {@link
   * ContractSpec#load}, else {@link IllegalArgumentException}), watching it with {@code --watch};
   * what watching sees goes to {@code log}.
   */
  public static AvailabilityMock start(MockOptions options, PrintStream log) {
    if (options.specFile() == null) {
      return start(options, ContractSpec.packagedInBackground());
    }
    ContractSpec spec;
    try {
      spec = LiveSpec.load(options.specFile());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--spec " + options.specFile() + " does not load: " + e.getMessage(), e);
    }
    AvailabilityMock mock = start(options, spec);
    if (options.watch()) {
      mock.live.watch(options.specFile(), log);
    }
    return mock;
  }

  /** Starts a mock on the given spec. */
  public static AvailabilityMock start(MockOptions options, ContractSpec spec) {
    AvailabilityMock mock = new AvailabilityMock(options, spec);
    mock.live.awaitReady();
    mock.server.start();
    return mock;
  }

  public int port() {
    return server.port();
  }

  /** The mock's URL: on localhost, unless it listens on one other address only. */
  public String url() {
    if (options.everyInterface() || options.bindAddress().equals(MockOptions.DEFAULT_BIND)) {
      return "http://localhost:" + port();
    }
    String host = options.bindAddress();
    return "http://"
        + (host.contains(":") ? "[" + host.replaceFirst("%.*", "") + "]" : host)
        + ":"
        + port();
  }

  @Override
  public void close() {
    live.close();
    server.stop();
  }

  public static void main(String[] args) {
    MockOptions options;
    try {
      if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
        System.out.println(MockOptions.USAGE);
        return;
      }
      options = MockOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(MockOptions.USAGE);
      System.exit(2);
      return;
    }
    AvailabilityMock mock;
    try {
      mock = start(options);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(mock::close));
    mock.printBanner(System.out);
  }

  void printBanner(PrintStream out) {
    out.println("Availability mock on " + url() + " (WireMock admin API: " + url() + "/__admin)");
    if (options.proxyTo() != null) {
      out.println(
          "Proxying every API request to "
              + options.proxyTo()
              + ": requests and answers validated against the spec, each violation logged here"
              + " and counted in X-Contract-Violations, the last "
              + Violations.KEPT
              + " at "
              + url()
              + "/__admin/violations. The server's credentials work, not those below.");
    }
    if (options.loopbackOnly()) {
      out.println(
          "Listening on "
              + options.bindAddress()
              + " only: programs on this machine can reach it, other hosts"
              + " cannot (--bind 0.0.0.0 --admin-token TOKEN to change that).");
    } else {
      out.println(
          "Listening on "
              + (options.everyInterface()
                  ? "every interface (" + options.bindAddress() + ")"
                  : options.bindAddress())
              + ": REACHABLE FROM OTHER HOSTS on the network, the API with the credentials"
              + " below, the admin API with the admin token.");
    }
    out.println(
        "Admin API: requests to this machine only (Host), not from other origins' pages"
            + (options.adminToken() == null
                ? "."
                : ", with Authorization: Token <the --admin-token>."));
    if (options.acceptAnyCredentials()) {
      out.println("Accepting any credentials (Basic base64(key:secret) or token key:secret).");
    } else {
      out.println("Accepted credentials (key:secret):");
      options.credentials().forEach((k, s) -> out.println("  " + k + ":" + s));
    }
    out.println(
        !options.cors()
            ? "CORS is off: pages on other origins cannot call it."
            : options.corsOrigins().isEmpty()
                ? "No other origin's page may call it (as the server with no origins listed)."
                : "Pages may call it from the origins: "
                    + String.join(", ", options.corsOrigins()));
    Map.Entry<String, String> first = options.credentials().entrySet().iterator().next();
    out.println("Try it:");
    out.println(
        "  curl -u '"
            + first.getKey()
            + ":"
            + first.getValue()
            + "' -X PUT "
            + url()
            + "/api/v1/agents/me/availability -H 'Content-Type: application/json' -d '{\"status\":\"away\"}'");
    out.flush();
  }

  private static Path emptyDirectory() {
    try {
      Path dir = Files.createTempDirectory("availability-mock");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
