package org.availkit.contract.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslJsonRootValue;
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
 * Libredesk's own web frontend as a consumer, {@code libredesk-web}: each call it makes for
 * availability, with the exact bodies it sends, and what it reads of the answers. Written from
 * reading that frontend (the files are named on {@link LibredeskWebClient}, the client these tests
 * drive). It sends upstream's stored values ({@code online}, {@code away_manual}, {@code
 * away_and_reassigning}), not the documented request values, and always a {@code source}.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = HelpdeskWebPactTest.PROVIDER, pactVersion = PactSpecVersion.V3)
class LibredeskWebPactTest {

  static final String CONSUMER = "libredesk-web";
  static final String AUTHORIZATION =
      "Basic "
          + Base64.getEncoder()
              .encodeToString(
                  (ProviderStates.API_KEY + ":" + ProviderStates.API_SECRET)
                      .getBytes(StandardCharsets.UTF_8));

  /** What the store keeps of the agent on page load (stores/user.js reads these fields of data). */
  private static PactDslJsonBody currentUser() {
    PactDslJsonBody body = new PactDslJsonBody().stringValue("status", "success");
    PactDslJsonBody data =
        body.object("data")
            .integerType("id", 1)
            .stringType("first_name", "John")
            .stringType("last_name", "Doe")
            .stringValue("availability_status", "online")
            // The store reads roles and permissions as lists of names; an agent may have none.
            .minArrayLike("roles", 0, PactDslJsonRootValue.stringType("agent"), 1)
            .minArrayLike(
                "permissions", 0, PactDslJsonRootValue.stringType("conversations:read"), 1);
    data.eachLike("teams")
        .integerType("id", 1)
        .stringType("name", "Support Team")
        .closeObject()
        .closeArray()
        .closeObject();
    return body;
  }

  /** An availability answer: the store reads data.availability_status and nothing else. */
  private static PactDslJsonBody status(String availabilityStatus) {
    PactDslJsonBody body = new PactDslJsonBody().stringValue("status", "success");
    body.object("data").stringValue("availability_status", availabilityStatus).closeObject();
    return body;
  }

  private static RequestResponsePact put(
      PactDslWithProvider builder,
      String state,
      String description,
      String status,
      String source,
      String answer) {
    return builder
        .given(state)
        .uponReceiving(description)
        .path(HelpdeskWebPactTest.AVAILABILITY)
        .method("PUT")
        .headers(Map.of("Authorization", AUTHORIZATION, "Content-Type", "application/json"))
        .body("{\"status\":\"" + status + "\",\"source\":\"" + source + "\"}")
        .willRespondWith()
        .status(200)
        .headers(Map.of("Content-Type", "application/json"))
        .body(status(answer))
        .toPact();
  }

  private static LibredeskWebClient client(MockServer server) {
    return new LibredeskWebClient(server.getUrl(), AUTHORIZATION);
  }

  // ---- page load

  @Pact(consumer = CONSUMER)
  public RequestResponsePact pageLoad(PactDslWithProvider builder) {
    return builder
        .given(ProviderStates.ONLINE)
        .uponReceiving("libredesk-web loads the current agent")
        .path(HelpdeskWebPactTest.ME)
        .method("GET")
        .headers(Map.of("Authorization", AUTHORIZATION))
        .willRespondWith()
        .status(200)
        .body(currentUser())
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "pageLoad")
  void onPageLoadTheStoreKeepsTheAgent(MockServer server) {
    LibredeskWebClient.Agent agent = client(server).currentUser();
    assertThat(agent.availabilityStatus()).isEqualTo("online");
    assertThat(agent.firstName()).isNotBlank();
    assertThat(agent.teams()).isNotEmpty();
  }

  // ---- the Away switch

  @Pact(consumer = CONSUMER)
  public RequestResponsePact awayOn(PactDslWithProvider builder) {
    return put(
        builder,
        ProviderStates.ONLINE,
        "libredesk-web turns the Away switch on",
        "away_manual",
        "user",
        "away_manual");
  }

  @Test
  @PactTestFor(pactMethod = "awayOn")
  void theAwaySwitchOnShowsAManualAway(MockServer server) {
    assertThat(client(server).away(true)).isEqualTo("away_manual");
  }

  @Pact(consumer = CONSUMER)
  public RequestResponsePact awayOff(PactDslWithProvider builder) {
    return put(
        builder,
        ProviderStates.AWAY_MANUAL,
        "libredesk-web turns the Away switch off",
        "online",
        "user",
        "online");
  }

  @Test
  @PactTestFor(pactMethod = "awayOff")
  void theAwaySwitchOffShowsOnline(MockServer server) {
    assertThat(client(server).away(false)).isEqualTo("online");
  }

  // ---- the Reassign switch

  @Pact(consumer = CONSUMER)
  public RequestResponsePact reassignOn(PactDslWithProvider builder) {
    return put(
        builder,
        ProviderStates.AWAY_MANUAL,
        "libredesk-web turns the Reassign switch on",
        "away_and_reassigning",
        "user",
        "away_and_reassigning");
  }

  @Test
  @PactTestFor(pactMethod = "reassignOn")
  void theReassignSwitchOnShowsAwayAndReassigning(MockServer server) {
    assertThat(client(server).reassign(true)).isEqualTo("away_and_reassigning");
  }

  @Pact(consumer = CONSUMER)
  public RequestResponsePact reassignOff(PactDslWithProvider builder) {
    return put(
        builder,
        ProviderStates.AWAY_AND_REASSIGNING,
        "libredesk-web turns the Reassign switch off",
        "away_manual",
        "user",
        "away_manual");
  }

  @Test
  @PactTestFor(pactMethod = "reassignOff")
  void theReassignSwitchOffShowsAManualAway(MockServer server) {
    assertThat(client(server).reassign(false)).isEqualTo("away_manual");
  }

  // ---- idle detection

  @Pact(consumer = CONSUMER)
  public RequestResponsePact idleAway(PactDslWithProvider builder) {
    return put(
        builder,
        ProviderStates.ONLINE,
        "libredesk-web's idle detection marks the agent away",
        "away",
        "idle",
        "away");
  }

  @Test
  @PactTestFor(pactMethod = "idleAway")
  void fiveIdleMinutesShowAway(MockServer server) {
    assertThat(client(server).updateUserAvailability("away", "idle")).isEqualTo("away");
  }

  @Pact(consumer = CONSUMER)
  public RequestResponsePact idleBack(PactDslWithProvider builder) {
    return put(
        builder,
        ProviderStates.AWAY_IDLE,
        "libredesk-web's idle detection sees activity again",
        "online",
        "idle",
        "online");
  }

  @Test
  @PactTestFor(pactMethod = "idleBack")
  void activityAgainShowsOnline(MockServer server) {
    assertThat(client(server).updateUserAvailability("online", "idle")).isEqualTo("online");
  }

  /**
   * A second tab whose store has not yet seen the manual away: the answer keeps it, and the store
   * follows.
   */
  @Pact(consumer = CONSUMER)
  public RequestResponsePact idleOverManual(PactDslWithProvider builder) {
    return put(
        builder,
        ProviderStates.AWAY_AND_REASSIGNING,
        "libredesk-web's idle detection marks an agent away who is away and reassigning",
        "away",
        "idle",
        "away_and_reassigning");
  }

  @Test
  @PactTestFor(pactMethod = "idleOverManual")
  void idleDetectionLeavesAManualStatusAlone(MockServer server) {
    assertThat(client(server).updateUserAvailability("away", "idle"))
        .isEqualTo("away_and_reassigning");
  }

  // ---- a wrong secret

  @Pact(consumer = CONSUMER)
  public RequestResponsePact wrongSecret(PactDslWithProvider builder) {
    return builder
        .given(ProviderStates.ONLINE)
        .uponReceiving("libredesk-web loads the current agent with a wrong secret")
        .path(HelpdeskWebPactTest.ME)
        .method("GET")
        .headers(Map.of("Authorization", wrongSecret()))
        .willRespondWith()
        .status(401)
        .body(
            new PactDslJsonBody()
                .stringValue("status", "error")
                .stringType("message", "Invalid API credentials.")
                .stringValue("error_type", "UnauthorizedException"))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "wrongSecret")
  void aWrongSecretIsA401(MockServer server) {
    assertThatThrownBy(() -> new LibredeskWebClient(server.getUrl(), wrongSecret()).currentUser())
        .isInstanceOfSatisfying(
            LibredeskWebClient.HttpError.class, e -> assertThat(e.status).isEqualTo(401));
  }

  private static String wrongSecret() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                (ProviderStates.API_KEY + ":as_wrong").getBytes(StandardCharsets.UTF_8));
  }
}
