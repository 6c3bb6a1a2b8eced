package org.availkit.contract.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.RequestResponsePact;
import au.com.dius.pact.core.model.annotations.Pact;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The helpdesk-web UI's expectations of the availability API, written by hand from what the UI
 * reads (id, names, availability_status, team names; the message of an error). Types are matched
 * where values vary; the status values the UI branches on are exact.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = HelpdeskWebPactTest.PROVIDER, pactVersion = PactSpecVersion.V3)
class HelpdeskWebPactTest {

  static final String PROVIDER = "availability-api";
  static final String CONSUMER = "helpdesk-web";
  static final String ME = "/api/v1/agents/me";
  static final String AVAILABILITY = "/api/v1/agents/me/availability";
  static final String AUTHORIZATION =
      "Basic "
          + Base64.getEncoder()
              .encodeToString(
                  (ProviderStates.API_KEY + ":" + ProviderStates.API_SECRET)
                      .getBytes(StandardCharsets.UTF_8));

  private static PactDslJsonBody agent(String availabilityStatus) {
    PactDslJsonBody body = new PactDslJsonBody().stringValue("status", "success");
    body.object("data")
        .integerType("id", 1)
        .stringType("first_name", "John")
        .stringType("last_name", "Doe")
        .stringValue("availability_status", availabilityStatus)
        .eachLike("teams")
        .integerType("id", 1)
        .stringType("name", "Support Team")
        .closeObject()
        .closeArray()
        .closeObject();
    return body;
  }

  private static PactDslJsonBody error(String errorType, String message) {
    return new PactDslJsonBody()
        .stringValue("status", "error")
        .stringType("message", message)
        .stringValue("error_type", errorType);
  }

  private static RequestResponsePact put(
      PactDslWithProvider builder,
      String state,
      String description,
      String requestBody,
      int status,
      PactDslJsonBody responseBody) {
    return builder
        .given(state)
        .uponReceiving(description)
        .path(AVAILABILITY)
        .method("PUT")
        .headers(Map.of("Authorization", AUTHORIZATION, "Content-Type", "application/json"))
        .body(requestBody)
        .willRespondWith()
        .status(status)
        .headers(Map.of("Content-Type", "application/json"))
        .body(responseBody)
        .toPact();
  }

  private HelpdeskWebClient client(MockServer server) {
    return new HelpdeskWebClient(server.getUrl(), AUTHORIZATION);
  }

  // ---- reading the current agent

  @Pact(consumer = CONSUMER)
  public RequestResponsePact currentAgent(PactDslWithProvider builder) {
    return builder
        .given(ProviderStates.ONLINE)
        .uponReceiving("a request for the current agent")
        .path(ME)
        .method("GET")
        .headers(Map.of("Authorization", AUTHORIZATION))
        .willRespondWith()
        .status(200)
        .body(agent("online"))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "currentAgent")
  void showsTheCurrentAgent(MockServer server) {
    HelpdeskWebClient.AgentView agent = client(server).currentAgent();
    assertThat(agent.availabilityStatus()).isEqualTo("online");
    assertThat(agent.firstName()).isNotBlank();
    assertThat(agent.teams()).isNotEmpty();
  }

  // ---- each status the agent sets

  @Pact(consumer = CONSUMER)
  public RequestResponsePact setAvailable(PactDslWithProvider builder) {
    return put(
        builder,
        ProviderStates.OFFLINE,
        "the agent sets itself available",
        "{\"status\":\"available\"}",
        200,
        agent("online"));
  }

  @Test
  @PactTestFor(pactMethod = "setAvailable")
  void settingAvailableShowsOnline(MockServer server) {
    assertThat(client(server).setAvailability("available", null).availabilityStatus())
        .isEqualTo("online");
  }

  @Pact(consumer = CONSUMER)
  public RequestResponsePact setBusy(PactDslWithProvider builder) {
    return put(
        builder,
        ProviderStates.ONLINE,
        "the agent sets itself busy",
        "{\"status\":\"busy\",\"source\":\"user\"}",
        200,
        agent("busy"));
  }

  @Test
  @PactTestFor(pactMethod = "setBusy")
  void settingBusyShowsBusy(MockServer server) {
    assertThat(client(server).setAvailability("busy", "user").availabilityStatus())
        .isEqualTo("busy");
  }

  @Pact(consumer = CONSUMER)
  public RequestResponsePact setAway(PactDslWithProvider builder) {
    return put(
        builder,
        ProviderStates.ONLINE,
        "the agent sets itself away",
        "{\"status\":\"away\"}",
        200,
        agent("away_manual"));
  }

  @Test
  @PactTestFor(pactMethod = "setAway")
  void settingAwayShowsAManualAway(MockServer server) {
    assertThat(client(server).setAvailability("away", null).availabilityStatus())
        .isEqualTo("away_manual");
  }

  @Pact(consumer = CONSUMER)
  public RequestResponsePact setOffline(PactDslWithProvider builder) {
    return put(
        builder,
        ProviderStates.ONLINE,
        "the agent sets itself offline",
        "{\"status\":\"offline\"}",
        200,
        agent("offline"));
  }

  @Test
  @PactTestFor(pactMethod = "setOffline")
  void settingOfflineShowsOffline(MockServer server) {
    assertThat(client(server).setAvailability("offline", null).availabilityStatus())
        .isEqualTo("offline");
  }

  // ---- idle detection

  @Pact(consumer = CONSUMER)
  public RequestResponsePact idleAway(PactDslWithProvider builder) {
    return put(
        builder,
        ProviderStates.ONLINE,
        "idle detection marks the agent away",
        "{\"status\":\"away\",\"source\":\"idle\"}",
        200,
        agent("away"));
  }

  @Test
  @PactTestFor(pactMethod = "idleAway")
  void idleAwayShowsAway(MockServer server) {
    assertThat(client(server).setAvailability("away", "idle").availabilityStatus())
        .isEqualTo("away");
  }

  @Pact(consumer = CONSUMER)
  public RequestResponsePact idleRefused(PactDslWithProvider builder) {
    return put(
        builder,
        ProviderStates.AWAY_MANUAL,
        "idle detection marks a manually away agent available",
        "{\"status\":\"available\",\"source\":\"idle\"}",
        200,
        agent("away_manual"));
  }

  @Test
  @PactTestFor(pactMethod = "idleRefused")
  void anIdleChangeLeavesAManualAwayAlone(MockServer server) {
    assertThat(client(server).setAvailability("available", "idle").availabilityStatus())
        .isEqualTo("away_manual");
  }

  // ---- errors the UI shows by message

  @Pact(consumer = CONSUMER)
  public RequestResponsePact noCredentials(PactDslWithProvider builder) {
    return builder
        .given(ProviderStates.ONLINE)
        .uponReceiving("a request for the current agent without credentials")
        .path(ME)
        .method("GET")
        .willRespondWith()
        .status(401)
        .body(error("UnauthorizedException", "Invalid API credentials."))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "noCredentials")
  void withoutCredentialsTheMessageIsShown(MockServer server) {
    assertThatThrownBy(() -> new HelpdeskWebClient(server.getUrl(), null).currentAgent())
        .isInstanceOfSatisfying(
            HelpdeskWebClient.ApiProblem.class, p -> assertThat(p.status).isEqualTo(401))
        .hasMessage("Invalid API credentials.");
  }

  @Pact(consumer = CONSUMER)
  public RequestResponsePact invalidStatus(PactDslWithProvider builder) {
    return put(
        builder,
        ProviderStates.ONLINE,
        "an invalid status",
        "{\"status\":\"napping\"}",
        400,
        error(
            "InputException",
            "Invalid status. Allowed values are available, busy, away, offline, online, away_manual, away_and_reassigning."));
  }

  @Test
  @PactTestFor(pactMethod = "invalidStatus")
  void anInvalidStatusShowsTheMessage(MockServer server) {
    assertThatThrownBy(() -> client(server).setAvailability("napping", null))
        .isInstanceOfSatisfying(
            HelpdeskWebClient.ApiProblem.class, p -> assertThat(p.status).isEqualTo(400))
        .hasMessageContaining("Invalid status");
  }
}
