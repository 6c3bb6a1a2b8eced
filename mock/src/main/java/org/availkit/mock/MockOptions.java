package org.availkit.mock;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.availkit.contract.ErrorCatalogue;

/**
 * The mock's command line.
 *
 * @param port the HTTP port (0 picks a free one)
 * @param credentials accepted key to secret; the demo pair when none is given
 * @param acceptAnyCredentials accept any well-formed credentials
 * @param cors whether CORS is on (preflights answered, CORS headers on answers)
 * @param corsOrigins the origins whose pages may call the mock from a browser (Spring's origin
 *     patterns, as the server's {@code availkit.cors.allowed-origins}); {@code *}, any, by default;
 *     none: every cross-origin request refused, as the server with none listed
 * @param latencyMillis a delay added to every answer
 * @param journalEntries how many requests the journal keeps (the oldest go first)
 * @param maxBodyBytes the largest request body; larger ones get 413, as on the server
 * @param bindAddress the address the mock listens on, an IP address ({@code 127.0.0.1} by default:
 *     this machine only; {@code 0.0.0.0} or {@code ::}: every interface)
 * @param adminToken the token every admin request must send as {@code Authorization: Token <token>}
 *     (WireMock's own token scheme); null: none. Required when the mock is reachable from other
 *     hosts.
 * @param specFile a spec file to serve instead of the packaged one; null: the packaged one
 * @param watch whether to reload {@code specFile} when it changes
 * @param proxyTo the server every API request is forwarded to, its exchanges validated against the
 *     spec ({@link Proxy}); null: the mock answers itself
 *     <p>It is long because it is the mock's whole command line, its checks and its help, in one
 *     class so that usage and parsing cannot drift apart.
 */
public record MockOptions(
    int port,
    Map<String, String> credentials,
    boolean acceptAnyCredentials,
    boolean cors,
    List<String> corsOrigins,
    int latencyMillis,
    int journalEntries,
    int maxBodyBytes,
    String bindAddress,
    String adminToken,
    Path specFile,
    boolean watch,
    String proxyTo) {

  public static final String DEMO_KEY = "ak_demo";
  public static final String DEMO_SECRET = "as_demo";

  static final String USAGE =
      """
      usage: mock/run [options]    (or java -jar mock/target/availability-mock.jar [options])
        --port N                   HTTP port (default 4010; 0 picks a free one)
        --credential KEY:SECRET    accept this pair (repeatable; default ak_demo:as_demo)
        --accept-any-credentials   accept any well-formed key:secret
        --cors-origins LIST        allow only these origins (comma-separated; patterns such as
                                   https://*.example.com; the server's availkit.cors.allowed-origins);
                                   '' allows none, as the server does by default
        --no-cors                  no CORS headers, no preflight answers
        --latency MS               delay every answer by MS milliseconds
        --journal N                keep the last N requests in /__admin/requests (default 100; 0: none)
        --bind ADDRESS             listen on this address (default 127.0.0.1: this machine only;
                                   0.0.0.0 or :: for every interface, which needs --admin-token)
        --admin-token TOKEN        every /__admin request must send Authorization: Token TOKEN
                                   (WireMock's client: new ClientTokenAuthenticator(TOKEN))
        --spec FILE                serve this OpenAPI file instead of the packaged spec
        --watch                    with --spec: reload it when it changes (a file that does not
                                   load keeps the last good one, and the log says why)
        --proxy-to URL             forward every API request to the server at URL, validate request
                                   and answer against the spec, log each violation, add
                                   X-Contract-Violations: N, list them at GET /__admin/violations
        --help                     this text""";

  public static final String DEFAULT_BIND = "127.0.0.1";

  public MockOptions {
    credentials = Map.copyOf(credentials);
    corsOrigins = List.copyOf(corsOrigins);
    if (adminToken != null
        && (adminToken.isEmpty() || !adminToken.chars().allMatch(c -> c > ' ' && c < 127))) {
      throw new IllegalArgumentException(
          "--admin-token takes visible ASCII characters (no spaces), at least one");
    }
    if (!address(bindAddress).isLoopbackAddress() && adminToken == null) {
      throw new IllegalArgumentException(
          "--bind "
              + bindAddress
              + " makes the mock reachable from other hosts, and"
              + " its admin API (/__admin) can reset it, shut it down and read every request's Authorization header"
              + " from the journal: give --admin-token TOKEN as well, or leave --bind out (127.0.0.1).");
    }
    if (watch && specFile == null) {
      throw new IllegalArgumentException("--watch needs --spec FILE: the file to watch");
    }
    if (proxyTo != null) {
      URI uri;
      try {
        uri = URI.create(proxyTo);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--proxy-to takes a URL, got: " + proxyTo);
      }
      if (uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
          || uri.getQuery() != null) {
        throw new IllegalArgumentException(
            "--proxy-to takes the server's http or https URL, without a path, got: " + proxyTo);
      }
    }
  }

  /** Whether only this machine can reach the mock (a loopback address). */
  public boolean loopbackOnly() {
    return address(bindAddress).isLoopbackAddress();
  }

  /** Whether the mock listens on every interface ({@code 0.0.0.0}, {@code ::}). */
  public boolean everyInterface() {
    return address(bindAddress).isAnyLocalAddress();
  }

  public static MockOptions defaults() {
    return new MockOptions(
        4010,
        Map.of(DEMO_KEY, DEMO_SECRET),
        false,
        true,
        List.of("*"),
        0,
        100,
        ErrorCatalogue.MAX_BODY_BYTES,
        DEFAULT_BIND,
        null,
        null,
        false,
        null);
  }

  public MockOptions withPort(int newPort) {
    return new MockOptions(
        newPort,
        credentials,
        acceptAnyCredentials,
        cors,
        corsOrigins,
        latencyMillis,
        journalEntries,
        maxBodyBytes,
        bindAddress,
        adminToken,
        specFile,
        watch,
        proxyTo);
  }

  /** Parses the command line; throws {@link IllegalArgumentException} with a readable message. */
  public static MockOptions parse(String... args) {
    MockOptions d = defaults();
    int port = d.port();
    Map<String, String> credentials = new LinkedHashMap<>();
    boolean any = false;
    boolean cors = true;
    List<String> origins = d.corsOrigins();
    int latency = 0;
    int journal = d.journalEntries();
    String bind = d.bindAddress();
    String token = null;
    Path spec = null;
    boolean watch = false;
    String proxy = null;
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String arg = rest.remove(0);
      switch (arg) {
        case "--port" -> port = number(arg, rest, 0, 65535);
        case "--credential" -> {
          String pair = value(arg, rest);
          int colon = pair.indexOf(':');
          if (colon <= 0 || colon == pair.length() - 1) {
            throw new IllegalArgumentException("--credential takes KEY:SECRET, got: " + pair);
          }
          credentials.put(pair.substring(0, colon), pair.substring(colon + 1));
        }
        case "--accept-any-credentials" -> any = true;
        case "--cors-origins" ->
            origins =
                Arrays.stream(value(arg, rest).split(","))
                    .map(String::strip)
                    .filter(o -> !o.isEmpty())
                    .toList();
        case "--no-cors" -> cors = false;
        case "--latency" -> latency = number(arg, rest, 0, 600_000);
        case "--journal" -> journal = number(arg, rest, 0, 1_000_000);
        case "--bind" -> bind = resolve(value(arg, rest));
        case "--admin-token" -> token = value(arg, rest);
        case "--spec" -> spec = specFile(value(arg, rest));
        case "--watch" -> watch = true;
        case "--proxy-to" -> proxy = value(arg, rest);
        default -> throw new IllegalArgumentException("Unknown option: " + arg);
      }
    }
    if (credentials.isEmpty()) {
      credentials.put(DEMO_KEY, DEMO_SECRET);
    }
    return new MockOptions(
        port,
        credentials,
        any,
        cors,
        origins,
        latency,
        journal,
        d.maxBodyBytes(),
        bind,
        token,
        spec,
        watch,
        proxy);
  }

  /**
   * The launchers that run the JVM in another directory (the archive's bin/availability-mock, the
   * npm package's) name the caller's here, so that a relative file is the one the caller meant.
   */
  static final String CALLER_DIRECTORY = "AVAILABILITY_MOCK_CALLER_DIR";

  private static Path specFile(String name) {
    return specFile(name, System.getenv(CALLER_DIRECTORY));
  }

  /** {@code name} as a file, a relative one under {@code callerDirectory} when that is given. */
  static Path specFile(String name, String callerDirectory) {
    Path given = Path.of(name);
    Path file =
        callerDirectory == null || callerDirectory.isEmpty() || given.isAbsolute()
            ? given.toAbsolutePath()
            : Path.of(callerDirectory).resolve(given).toAbsolutePath();
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException("--spec takes a readable file, got: " + name);
    }
    return file;
  }

  /**
   * An address as it is given, a name as the address it names (the first one, the one Jetty would
   * bind).
   */
  private static String resolve(String bind) {
    if (isLiteral(bind)) {
      address(bind);
      return bind;
    }
    try {
      return InetAddress.getByName(bind).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "--bind takes an address of this machine (or a name of one), got: " + bind);
    }
  }

  private static boolean isLiteral(String host) {
    return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  /** The bind address, an IP address: parsed, never looked up. */
  static InetAddress address(String ip) {
    if (ip == null || !isLiteral(ip)) {
      throw new IllegalArgumentException("The bind address must be an IP address, got: " + ip);
    }
    try {
      return InetAddress.getByName(ip);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("The bind address must be an IP address, got: " + ip);
    }
  }

  private static String value(String option, List<String> rest) {
    if (rest.isEmpty()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return rest.remove(0);
  }

  private static int number(String option, List<String> rest, int min, int max) {
    String v = value(option, rest);
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new IllegalArgumentException(
            option + " must be between " + min + " and " + max + ", got " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a number, got: " + v);
    }
  }
}
