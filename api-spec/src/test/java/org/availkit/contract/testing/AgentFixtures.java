package org.availkit.contract.testing;

/**
 * The agents' credentials that the tests of several classes share, written once: the mock's demo
 * pair, the contract gate's agent, the pacts' agent, a mock's two agents of their own, and a key
 * and a secret that no agent has. Credentials whose shape is what a test is about (too short, a
 * colon in the key...) stay beside that test.
 */
public final class AgentFixtures {

  /**
   * The pair the mock accepts without {@code --credential} (its README's, {@code MockOptions}').
   */
  public static final String DEMO_KEY = "ak_demo";

  public static final String DEMO_SECRET = "as_demo";

  /** The contract gate's agent, on the server and on the mock ({@code ServerAndMock}). */
  public static final String CONTRACT_KEY = "ak_contract";

  public static final String CONTRACT_SECRET = "as_contract";

  /** The pacts' agent, whose provider states server and mock set ({@code ProviderStates}). */
  public static final String HELPDESK_KEY = "ak_helpdesk";

  public static final String HELPDESK_SECRET = "as_helpdesk";

  /** Two agents of one mock, each with a state of its own. */
  public static final String ONE_KEY = "ak_one";

  public static final String ONE_SECRET = "as_one";
  public static final String TWO_KEY = "ak_two";
  public static final String TWO_SECRET = "as_two";

  /** A well-formed key that no server or mock knows. */
  public static final String UNKNOWN_KEY = "ak_nobody";

  /** A well-formed secret that is no agent's. */
  public static final String WRONG_SECRET = "as_wrong";

  private AgentFixtures() {}

  /** The demo pair in the Basic form. */
  public static String demoBasic() {
    return ApiTestClient.basic(DEMO_KEY, DEMO_SECRET);
  }
}
