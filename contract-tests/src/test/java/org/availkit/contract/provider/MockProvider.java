package org.availkit.contract.provider;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.State;
import org.availkit.contract.consumer.ProviderStates;
import org.availkit.contract.testing.MockAdmin;
import org.availkit.mock.AvailabilityMock;
import org.availkit.mock.MockOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The mock as a Pact provider, as frontend teams run it (with the helpdesk test credential), with
 * provider states set through its admin API. Where the pacts come from is the subclass's business.
 */
abstract class MockProvider {

  static AvailabilityMock mock;

  @BeforeAll
  static void start() {
    mock =
        AvailabilityMock.start(
            MockOptions.parse(
                    "--credential", ProviderStates.API_KEY + ":" + ProviderStates.API_SECRET)
                .withPort(0));
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  @BeforeEach
  void target(PactVerificationContext context) {
    context.setTarget(new HttpTestTarget("localhost", mock.port()));
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void pactHolds(PactVerificationContext context) {
    context.verifyInteraction();
  }

  @State(ProviderStates.ONLINE)
  void online() throws Exception {
    set("online");
  }

  @State(ProviderStates.OFFLINE)
  void offline() throws Exception {
    set("offline");
  }

  @State(ProviderStates.AWAY_MANUAL)
  void awayManual() throws Exception {
    set("away_manual");
  }

  @State(ProviderStates.AWAY_IDLE)
  void awayIdle() throws Exception {
    set("away");
  }

  @State(ProviderStates.AWAY_AND_REASSIGNING)
  void awayAndReassigning() throws Exception {
    set("away_and_reassigning");
  }

  private void set(String status) throws Exception {
    new MockAdmin(mock.port()).setStatus(ProviderStates.API_KEY, status);
  }
}
