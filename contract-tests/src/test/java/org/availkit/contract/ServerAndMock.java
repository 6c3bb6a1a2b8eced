package org.availkit.contract;

import java.time.OffsetDateTime;
import java.util.List;
import org.availkit.contract.testing.AgentFixtures;
import org.availkit.contract.testing.MockAdmin;
import org.availkit.contract.testing.TestDatabase;
import org.availkit.mock.AvailabilityMock;
import org.availkit.mock.MockOptions;
import org.availkit.server.AvailabilityServerApplication;
import org.availkit.server.agent.AgentRepository;
import org.availkit.server.agent.AgentRepository.NewAgent;
import org.availkit.server.agent.Agents;
import org.availkit.server.auth.ApiSecrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestExecutionListeners;
import org.springframework.test.context.TestExecutionListeners.MergeMode;

/**
 * The server (on a random port, on the gate's database: {@link GateDatabase}) and the mock side by
 * side, each with an agent for the credential {@value #KEY} and the same CORS origins, for tests
 * that send the same requests to both. Each test class starts without the server's agent ({@link
 * KnownStartingState}).
 */
@SpringBootTest(
    classes = AvailabilityServerApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "availkit.gate.h2-url=" + TestDatabase.H2_MEM + "server-and-mock" + TestDatabase.H2_SETTINGS,
      "availkit.bootstrap-admin=false",
      "availkit.cors.allowed-origins=" + ServerAndMock.CORS_ORIGINS
    })
@ActiveProfiles(resolver = GateDatabase.class)
@TestExecutionListeners(
    listeners = KnownStartingState.class,
    mergeMode = MergeMode.MERGE_WITH_DEFAULTS)
public abstract class ServerAndMock {

  public static final String KEY = AgentFixtures.CONTRACT_KEY;
  public static final String SECRET = AgentFixtures.CONTRACT_SECRET;

  /** The origins both allow, as an operator would list production's: one exact, one pattern. */
  public static final String CORS_ORIGINS = "http://app.test,https://*.example.com";

  protected static AvailabilityMock mock;
  @LocalServerPort protected int port;
  @Autowired protected Agents agents;

  @BeforeAll
  static void startMock() {
    mock =
        AvailabilityMock.start(
            MockOptions.parse("--credential", KEY + ":" + SECRET, "--cors-origins", CORS_ORIGINS)
                .withPort(0));
  }

  @AfterAll
  static void stopMock() {
    mock.close();
  }

  /** Every test starts with the agent of {@value #KEY} online on both. */
  @BeforeEach
  void bothAgentsOnline() throws Exception {
    setBoth(AvailabilityStatus.ONLINE);
  }

  /**
   * Gives the agent of {@value #KEY} this status on both: on the server through its repository
   * (creating the agent the first time), on the mock through its admin API.
   */
  protected void setBoth(AvailabilityStatus status) throws Exception {
    long id =
        agents
            .findKey(KEY)
            .map(AgentRepository.KeyRecord::agentId)
            .orElseGet(
                () ->
                    agents.create(
                        new NewAgent(
                            "contract@test.example",
                            "Con",
                            "Tract",
                            List.of("agent"),
                            List.of("Support Team"),
                            status,
                            KEY,
                            ApiSecrets.hash(SECRET)),
                        OffsetDateTime.now()));
    agents.setStatus(id, status, OffsetDateTime.now());
    new MockAdmin(mock.port()).setStatus(KEY, status.wire());
  }
}
