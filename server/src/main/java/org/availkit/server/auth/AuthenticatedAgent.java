package org.availkit.server.auth;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The agent a request's credentials belong to. Holds the agent's id, never its secret. */
public final class AuthenticatedAgent extends AbstractAuthenticationToken {

  private final long agentId;

  AuthenticatedAgent(long agentId) {
    super(List.of());
    this.agentId = agentId;
    setAuthenticated(true);
  }

  public long agentId() {
    return agentId;
  }

  @Override
  public Object getCredentials() {
    return null;
  }

  @Override
  public Object getPrincipal() {
    return agentId;
  }

  /** The id of the agent making the current request. */
  public static long currentId() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth instanceof AuthenticatedAgent agent) {
      return agent.agentId;
    }
    throw new IllegalStateException("No authenticated agent on this request");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthenticatedAgent other && other.agentId == agentId;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(agentId);
  }
}
