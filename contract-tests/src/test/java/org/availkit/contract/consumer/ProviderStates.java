package org.availkit.contract.consumer;

/**
 * The provider states the consumers' pacts (helpdesk-web, libredesk-web) use, word for word; both
 * provider verifications implement exactly these. Both consumers run as the same test agent.
 */
public final class ProviderStates {

  /** The credentials the helpdesk-web tests run with (a test agent, never a real one). */
  public static final String API_KEY = "ak_helpdesk";
  public static final String API_SECRET = "as_helpdesk";

  public static final String ONLINE = "agent ak_helpdesk is online";
  public static final String OFFLINE = "agent ak_helpdesk is offline";
  public static final String AWAY_MANUAL = "agent ak_helpdesk is away (manual)";
  public static final String AWAY_IDLE = "agent ak_helpdesk is away (idle)";
  public static final String AWAY_AND_REASSIGNING = "agent ak_helpdesk is away and reassigning";

  private ProviderStates() {}
}
