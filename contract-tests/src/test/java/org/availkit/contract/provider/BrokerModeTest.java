package org.availkit.contract.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Broker mode, end to end, against a fake Pact Broker (WireMock serving the broker's HAL API with
 * this build's pact): setting {@code pactbroker.url} makes the verification, of the mock and of the
 * server, fetch pacts with the consumer version selectors, and results are published only when
 * asked.
 */
class BrokerModeTest {

  WireMockServer broker;

  @BeforeEach
  void fakeBroker() throws Exception {
    broker = new WireMockServer(options().dynamicPort());
    broker.start();
    String base = "http://localhost:" + broker.port();
    String pact =
        Files.readString(
            Path.of(
                System.getProperty("pacts.dir", "target/pacts"),
                "helpdesk-web-availability-api.json"));
    String pactWithLinks =
        pact.replaceFirst(
            "\\{",
            "{\"_links\":{\"pb:publish-verification-results\":{\"href\":\""
                + base
                + "/pacts/helpdesk-web/verification-results\"},\"pb:provider\":{\"href\":\""
                + base
                + "/pacticipants/availability-api\"}},");
    broker.stubFor(
        get(urlEqualTo("/pacticipants/availability-api"))
            .willReturn(
                hal(
                    "{\"_links\":{"
                        + "\"pb:branch-version\":{\"href\":\""
                        + base
                        + "/pacticipants/availability-api/branches/{branch}/versions/{version}\",\"templated\":true},"
                        + "\"pb:version\":{\"href\":\""
                        + base
                        + "/pacticipants/availability-api/versions/{version}\",\"templated\":true}}}")));
    broker.stubFor(
        get(urlEqualTo("/"))
            .willReturn(
                hal(
                    "{\"_links\":{"
                        + "\"pb:provider-pacts-for-verification\":{\"href\":\""
                        + base
                        + "/pacts/provider/{provider}/for-verification\",\"templated\":true}}}")));
    broker.stubFor(
        post(urlPathEqualTo("/pacts/provider/availability-api/for-verification"))
            .willReturn(
                hal(
                    "{\"_embedded\":{\"pacts\":[{\"shortDescription\":\"latest from main\","
                        + "\"verificationProperties\":{\"pending\":false,\"notices\":[]},"
                        + "\"_links\":{\"self\":{\"href\":\""
                        + base
                        + "/pacts/helpdesk-web\","
                        + "\"name\":\"Pact between helpdesk-web and availability-api\"}}}]}}")));
    broker.stubFor(get(urlEqualTo("/pacts/helpdesk-web")).willReturn(hal(pactWithLinks)));
    broker.stubFor(
        post(urlEqualTo("/pacts/helpdesk-web/verification-results"))
            .willReturn(hal("{}").withStatus(201)));
    broker.stubFor(any(anyUrl()).atPriority(10).willReturn(hal("{}")));
  }

  @AfterEach
  void stop() {
    broker.stop();
  }

  /**
   * Each side's broker verification, run here with {@code pactbroker.url} set (failsafe's own run
   * skips both classes, which need it): the mock's and the server's, so a pact either breaks fails
   * broker mode too.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      classes = {BrokerMockPactVerificationTest.class, BrokerServerPactVerificationTest.class})
  void fetchesPactsWithSelectorsAndPublishesOnlyWhenAsked(Class<?> verification) {
    TestExecutionSummary quiet = verifyAgainstBroker(verification, Map.of());
    assertThat(quiet.getTestsSucceededCount()).as(() -> failures(quiet)).isEqualTo(9);
    assertThat(quiet.getTotalFailureCount()).isZero();

    List<LoggedRequest> fetches =
        broker.findAll(
            postRequestedFor(urlPathEqualTo("/pacts/provider/availability-api/for-verification")));
    assertThat(fetches).isNotEmpty();
    assertThat(fetches.get(0).getBodyAsString())
        .contains("\"mainBranch\":true")
        .contains("\"deployedOrReleased\":true")
        .contains("\"matchingBranch\":true");
    assertThat(
            broker.findAll(
                postRequestedFor(urlEqualTo("/pacts/helpdesk-web/verification-results"))))
        .isEmpty();

    TestExecutionSummary published =
        verifyAgainstBroker(verification, Map.of("pact.verifier.publishResults", "true"));
    assertThat(published.getTestsSucceededCount()).as(() -> failures(published)).isEqualTo(9);
    assertThat(published.getTotalFailureCount()).isZero();
    List<LoggedRequest> results =
        broker.findAll(postRequestedFor(urlEqualTo("/pacts/helpdesk-web/verification-results")));
    assertThat(results).isNotEmpty();
    assertThat(results.get(0).getBodyAsString())
        .contains("\"success\":true")
        .contains("0.0.0-broker-test");
    assertThat(broker.getAllServeEvents())
        .as("the provider version is recorded on its branch")
        .anyMatch(
            e ->
                e.getRequest()
                    .getUrl()
                    .equals(
                        "/pacticipants/availability-api/branches/main/versions/0.0.0-broker-test"));
  }

  private static String failures(TestExecutionSummary summary) {
    StringBuilder text = new StringBuilder();
    summary
        .getFailures()
        .forEach(
            f ->
                text.append(f.getTestIdentifier().getDisplayName())
                    .append(": ")
                    .append(f.getException())
                    .append('\n'));
    return text.toString();
  }

  private TestExecutionSummary verifyAgainstBroker(
      Class<?> verification, Map<String, String> extra) {
    Map<String, String> properties =
        new java.util.HashMap<>(
            Map.of(
                "pactbroker.url", "http://localhost:" + broker.port(),
                "pact.provider.version", "0.0.0-broker-test",
                "pact.provider.branch", "main"));
    properties.putAll(extra);
    Map<String, String> saved = new java.util.HashMap<>();
    properties.forEach(
        (k, v) -> {
          saved.put(k, System.getProperty(k));
          System.setProperty(k, v);
        });
    try {
      Launcher launcher = LauncherFactory.create();
      SummaryGeneratingListener listener = new SummaryGeneratingListener();
      launcher.execute(
          LauncherDiscoveryRequestBuilder.request()
              .selectors(DiscoverySelectors.selectClass(verification))
              .build(),
          listener);
      return listener.getSummary();
    } finally {
      saved.forEach(
          (k, v) -> {
            if (v == null) {
              System.clearProperty(k);
            } else {
              System.setProperty(k, v);
            }
          });
    }
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder hal(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/hal+json")
        .withBody(body);
  }
}
