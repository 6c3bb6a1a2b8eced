package org.availkit.server.auth;

import java.util.List;
import org.availkit.server.agent.AgentRow;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The agent a request's credentials belong to, with its row as authentication read it (the request
 * answers from that read rather than reading the agent again). Never holds the secret.
 */
public final class AuthenticatedAgent extends AbstractAuthenticationToken {

  private final transient AgentRow agent;

  AuthenticatedAgent(AgentRow agent) {
    super(List.of());
    this.agent = agent;
    setAuthenticated(true);
  }

  /** The agent's row, read with its key in the statement that authenticated this request. */
  public AgentRow agent() {
    return agent;
  }

  @Override
  public Object getCredentials() {
    return null;
  }

  @Override
  public Object getPrincipal() {
    return agent.id();
  }

  /** The agent making the current request, as authentication read it. */
  public static AgentRow current() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth instanceof AuthenticatedAgent authenticated) {
      return authenticated.agent;
    }
    throw new IllegalStateException("No authenticated agent on this request");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthenticatedAgent other && other.agent.id() == agent.id();
  }

  @Override
  public int hashCode() {
    return Long.hashCode(agent.id());
  }
}
