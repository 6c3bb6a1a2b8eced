package org.availkit.conformance;

import au.com.dius.pact.core.model.DefaultPactReader;
import au.com.dius.pact.core.model.Interaction;
import au.com.dius.pact.core.model.Pact;
import au.com.dius.pact.core.model.ProviderState;
import au.com.dius.pact.core.model.SynchronousRequestResponse;
import au.com.dius.pact.provider.HttpClientFactory;
import au.com.dius.pact.provider.ProviderClient;
import au.com.dius.pact.provider.ProviderInfo;
import au.com.dius.pact.provider.ProviderVerifier;
import au.com.dius.pact.provider.VerificationFailureType;
import au.com.dius.pact.provider.VerificationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.hc.core5.http.HttpRequest;
import org.availkit.contract.testing.AgentFixtures;
import org.availkit.contract.testing.ApiTestClient;

/**
 * Both consumers' pacts (packaged in the jar, {@code /pacts}) through Pact JVM's own verifier
 * ({@link ProviderVerifier}, which provider:junit5 drives in the gate), against the target. Each
 * provider state is reached through the API ({@link Target#reach}); a state the runner does not
 * know or cannot reach is skipped with the reason. The pacts name the gate's test agent, so each
 * request is sent with the runner's credentials instead (a wrong secret stays a wrong secret).
 */
final class PactSuite {

  /** The consumers whose pacts the gate writes (contract-tests' consumer tests). */
  static final List<String> CONSUMERS = List.of("helpdesk-web", "libredesk-web");

  static final String PROVIDER = "availability-api";

  /**
   * The provider states' ends ({@code agent ak_helpdesk is away (manual)}: contract-tests'
   * ProviderStates) and the status each stands for.
   */
  static final Map<String, String> STATES =
      Map.of(
          "is online", "online",
          "is offline", "offline",
          "is away (manual)", "away_manual",
          "is away (idle)", "away",
          "is away and reassigning", "away_and_reassigning");

  private final Target target;

  PactSuite(Target target) {
    this.target = target;
  }

  static String suiteName(String consumer) {
    return "pacts " + consumer;
  }

  List<Outcome> run() {
    List<Outcome> outcomes = new ArrayList<>();
    URI base = URI.create(target.baseUrl());
    for (String consumer : CONSUMERS) {
      String suite = suiteName(consumer);
      String json = packaged(consumer);
      if (json == null) {
        outcomes.add(
            Outcome.skipped(
                suite,
                consumer + "'s pact",
                "not in this jar: it was built without contract-tests' consumer tests"
                    + " (./mvnw package, without -DskipTests, packages them)"));
        continue;
      }
      Pact pact = DefaultPactReader.INSTANCE.loadPact(json);
      ProviderInfo provider = provider(base);
      ProviderVerifier verifier = new ProviderVerifier();
      verifier.setReporters(List.of());
      ProviderClient client = new ProviderClient(provider, new HttpClientFactory());
      for (Interaction interaction : pact.getInteractions()) {
        outcomes.add(verify(suite, verifier, provider, client, interaction));
      }
    }
    return outcomes;
  }

  private Outcome verify(
      String suite,
      ProviderVerifier verifier,
      ProviderInfo provider,
      ProviderClient client,
      Interaction interaction) {
    String name = interaction.getDescription();
    if (!interaction.isSynchronousRequestResponse()) {
      return Outcome.skipped(suite, name, "not an HTTP request and response");
    }
    SynchronousRequestResponse exchange = interaction.asSynchronousRequestResponse();
    if (target.readOnly()
        && !exchange.getRequest().getMethod().equalsIgnoreCase("GET")
        && exchange.getResponse().getStatus() < 400) {
      return Outcome.skipped(suite, name, "--read-only: a PUT the spec allows is a write");
    }
    for (ProviderState state : interaction.getProviderStates()) {
      Optional<String> status = status(state.getName());
      if (status.isEmpty()) {
        return Outcome.skipped(
            suite,
            name,
            "the provider state \"" + state.getName() + "\" is not one the runner sets");
      }
      Optional<String> unreachable = target.reach(status.get());
      if (unreachable.isPresent()) {
        return Outcome.skipped(
            suite,
            name,
            "the provider state \"" + state.getName() + "\" is out of reach: " + unreachable.get());
      }
    }
    long start = System.nanoTime();
    try {
      VerificationResult result =
          verifier.verifyResponseFromProvider(provider, exchange, name, new HashMap<>(), client);
      if (result instanceof VerificationResult.Failed failed) {
        String failures =
            failed.getFailures().values().stream()
                .flatMap(List::stream)
                .map(VerificationFailureType::description)
                .collect(Collectors.joining("; "));
        return Outcome.failed(
            suite,
            name,
            "expected what "
                + consumerOf(suite)
                + "'s pact says, got: "
                + (failures.isEmpty() ? failed.getDescription() : failures),
            BlackBoxSuite.seconds(start));
      }
      return Outcome.passed(suite, name, BlackBoxSuite.seconds(start));
    } catch (RuntimeException e) {
      return Outcome.failed(suite, name, e.toString(), BlackBoxSuite.seconds(start));
    }
  }

  private static String consumerOf(String suite) {
    return suite.substring("pacts ".length());
  }

  /** The status a provider state stands for, whichever agent it names. */
  static Optional<String> status(String state) {
    return STATES.entrySet().stream()
        .filter(e -> state.startsWith("agent ") && state.endsWith(" " + e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  private ProviderInfo provider(URI base) {
    ProviderInfo provider =
        new ProviderInfo(
            PROVIDER,
            base.getScheme(),
            base.getHost(),
            base.getPort() != -1 ? base.getPort() : base.getScheme().equals("https") ? 443 : 80,
            base.getPath() == null || base.getPath().isEmpty() ? "/" : base.getPath());
    // Pact JVM calls a Java functional interface given as the request filter (ProviderClient's
    // executeRequestFilter: Closure, then isFunctionalInterface, read with javap).
    Consumer<HttpRequest> credentials = this::credentials;
    provider.setRequestFilter(credentials);
    return provider;
  }

  /**
   * The gate's test agent's credentials, in either form, become the runner's; a wrong secret for
   * that agent stays wrong, for the runner's key.
   */
  private void credentials(HttpRequest request) {
    if (!request.containsHeader("Authorization")) {
      return;
    }
    String value = request.getFirstHeader("Authorization").getValue();
    String pair = value;
    boolean basic = value.regionMatches(true, 0, "Basic ", 0, 6);
    if (basic) {
      pair =
          new String(
              Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
    } else if (value.regionMatches(true, 0, "token ", 0, 6)) {
      pair = value.substring(6).strip();
    } else {
      return;
    }
    int colon = pair.indexOf(':');
    if (colon < 0 || !pair.substring(0, colon).equals(AgentFixtures.HELPDESK_KEY)) {
      return;
    }
    String secret =
        pair.substring(colon + 1).equals(AgentFixtures.HELPDESK_SECRET)
            ? target.secret()
            : pair.substring(colon + 1);
    request.setHeader(
        "Authorization",
        basic
            ? ApiTestClient.basic(target.key(), secret)
            : ApiTestClient.token(target.key(), secret));
  }

  /** The pact of {@code consumer} packaged in the jar, or null. */
  private static String packaged(String consumer) {
    try (InputStream in =
        PactSuite.class.getResourceAsStream("/pacts/" + consumer + "-" + PROVIDER + ".json")) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
