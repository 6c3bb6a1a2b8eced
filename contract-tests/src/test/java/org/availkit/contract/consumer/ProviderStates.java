package org.availkit.contract.consumer;

import org.availkit.contract.testing.AgentFixtures;

/**
 * The provider states the consumers' pacts (helpdesk-web, libredesk-web) use, word for word; both
 * provider verifications implement exactly these. Both consumers run as the same test agent.
 */
public final class ProviderStates {

  /** The credentials the helpdesk-web tests run with (a test agent, never a real one). */
  public static final String API_KEY = AgentFixtures.HELPDESK_KEY;

  public static final String API_SECRET = AgentFixtures.HELPDESK_SECRET;

  public static final String ONLINE = "agent " + API_KEY + " is online";
  public static final String OFFLINE = "agent " + API_KEY + " is offline";
  public static final String AWAY_MANUAL = "agent " + API_KEY + " is away (manual)";
  public static final String AWAY_IDLE = "agent " + API_KEY + " is away (idle)";
  public static final String AWAY_AND_REASSIGNING = "agent " + API_KEY + " is away and reassigning";

  private ProviderStates() {}
}
