package org.availkit.conformance;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The runner's command line.
 *
 * @param baseUrl the server's URL, without the API's path ({@code https://staging.example.com})
 * @param key an agent's API key on that server
 * @param secret that key's secret
 * @param reportDir where the reports go
 * @param readOnly only what changes nothing: reads, bad credentials, requests the spec refuses
 */
record RunnerOptions(String baseUrl, String key, String secret, Path reportDir, boolean readOnly) {

  static final String USAGE =
      """
      usage: java -jar availability-conformance.jar --base-url URL --key KEY --secret SECRET
                                                    [--report DIR] [--read-only]
        --base-url URL   the server to check (http or https, without /api/v1)
        --key KEY        an agent's API key there; the runner sets that agent's status and
        --secret SECRET  restores the one it found, unless --read-only
        --report DIR     where the JUnit XML, summary.json and report.html go
                         (default: conformance-report)
        --read-only      only what changes nothing: reads, bad credentials, requests the spec refuses
        --help           this text
      exit status: 0 all passed, 1 a case failed, 2 a usage error or an unreachable URL""";

  /** Parses the command line; throws {@link IllegalArgumentException} with a readable message. */
  static RunnerOptions parse(String... args) {
    String url = null;
    String key = null;
    String secret = null;
    Path report = Path.of("conformance-report");
    boolean readOnly = false;
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String arg = rest.remove(0);
      switch (arg) {
        case "--base-url" -> url = value(arg, rest);
        case "--key" -> key = value(arg, rest);
        case "--secret" -> secret = value(arg, rest);
        case "--report" -> report = Path.of(value(arg, rest));
        case "--read-only" -> readOnly = true;
        default -> throw new IllegalArgumentException("Unknown option: " + arg);
      }
    }
    if (url == null || key == null || secret == null) {
      throw new IllegalArgumentException("--base-url, --key and --secret are required");
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--base-url is not a URL: " + url);
    }
    if (uri.getHost() == null
        || !(("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())))) {
      throw new IllegalArgumentException("--base-url takes an http or https URL, got: " + url);
    }
    return new RunnerOptions(url.replaceFirst("/+$", ""), key, secret, report, readOnly);
  }

  private static String value(String option, List<String> rest) {
    if (rest.isEmpty()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return rest.remove(0);
  }
}
