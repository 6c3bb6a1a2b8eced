package org.availkit.contract.provider;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.State;
import java.time.OffsetDateTime;
import java.util.List;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.contract.GateDatabase;
import org.availkit.contract.KnownStartingState;
import org.availkit.contract.consumer.ProviderStates;
import org.availkit.contract.testing.TestDatabase;
import org.availkit.server.AvailabilityServerApplication;
import org.availkit.server.agent.AgentRepository;
import org.availkit.server.agent.AgentRepository.NewAgent;
import org.availkit.server.agent.Agents;
import org.availkit.server.auth.ApiSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestExecutionListeners;
import org.springframework.test.context.TestExecutionListeners.MergeMode;

/**
 * The server as a Pact provider: the real application on a random port, on the gate's database
 * ({@link GateDatabase}), with provider states set through its own repository; each class starts
 * without the provider's agent ({@link KnownStartingState}). Where the pacts come from is the
 * subclass's business.
 */
@SpringBootTest(
    classes = AvailabilityServerApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "availkit.gate.h2-url=" + TestDatabase.H2_MEM + "pact" + TestDatabase.H2_SETTINGS,
      "availkit.bootstrap-admin=false"
    })
@ActiveProfiles(resolver = GateDatabase.class)
@TestExecutionListeners(
    listeners = KnownStartingState.class,
    mergeMode = MergeMode.MERGE_WITH_DEFAULTS)
abstract class ServerProvider {

  @LocalServerPort int port;
  @Autowired Agents agents;

  @BeforeEach
  void target(PactVerificationContext context) {
    context.setTarget(new HttpTestTarget("localhost", port));
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void pactHolds(PactVerificationContext context) {
    context.verifyInteraction();
  }

  @State(ProviderStates.ONLINE)
  void online() {
    set(AvailabilityStatus.ONLINE);
  }

  @State(ProviderStates.OFFLINE)
  void offline() {
    set(AvailabilityStatus.OFFLINE);
  }

  @State(ProviderStates.AWAY_MANUAL)
  void awayManual() {
    set(AvailabilityStatus.AWAY_MANUAL);
  }

  @State(ProviderStates.AWAY_IDLE)
  void awayIdle() {
    set(AvailabilityStatus.AWAY);
  }

  @State(ProviderStates.AWAY_AND_REASSIGNING)
  void awayAndReassigning() {
    set(AvailabilityStatus.AWAY_AND_REASSIGNING);
  }

  /**
   * The helpdesk-web test agent, created once through the repository, then given the state's
   * status.
   */
  private void set(AvailabilityStatus status) {
    long id =
        agents
            .findKey(ProviderStates.API_KEY)
            .map(AgentRepository.KeyRecord::agentId)
            .orElseGet(
                () ->
                    agents.create(
                        new NewAgent(
                            "helpdesk@pact.test",
                            "Helen",
                            "Desk",
                            List.of("agent"),
                            List.of("Support Team"),
                            status,
                            ProviderStates.API_KEY,
                            ApiSecrets.hash(ProviderStates.API_SECRET)),
                        OffsetDateTime.now()));
    agents.setStatus(id, status, OffsetDateTime.now());
  }
}
