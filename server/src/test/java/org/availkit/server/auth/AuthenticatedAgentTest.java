package org.availkit.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.availkit.contract.AvailabilityStatus;
import org.availkit.server.agent.AgentRow;
import org.availkit.server.agent.AgentRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The request's agent: its row as authentication read it, its id as the principal, and never a
 * secret.
 */
class AuthenticatedAgentTest {

  private final AgentRow row = AgentRows.row(3, AvailabilityStatus.BUSY, true, "ak_three", null);

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void isAnAuthenticatedAgentWithoutCredentials() {
    AuthenticatedAgent agent = new AuthenticatedAgent(row);
    assertThat(agent.isAuthenticated()).isTrue();
    assertThat(agent.agent()).isSameAs(row);
    assertThat(agent.getPrincipal()).isEqualTo(3L);
    assertThat(agent.getCredentials()).isNull();
    assertThat(agent.getAuthorities()).isEmpty();
  }

  @Test
  void twoAreEqualWhenTheyAreTheSameAgent() {
    AuthenticatedAgent agent = new AuthenticatedAgent(row);
    AuthenticatedAgent sameAgentLater =
        new AuthenticatedAgent(row.withKeyLastUsedAt(AgentRows.CREATED));
    AuthenticatedAgent other =
        new AuthenticatedAgent(AgentRows.row(4, AvailabilityStatus.BUSY, true, "ak_four", null));
    assertThat(agent)
        .isEqualTo(sameAgentLater)
        .hasSameHashCodeAs(sameAgentLater)
        .isNotEqualTo(other);
    assertThat(agent.hashCode()).isNotEqualTo(other.hashCode());
    assertThat(agent).isNotEqualTo(new UsernamePasswordAuthenticationToken(3L, null));
  }

  @Test
  void theCurrentAgentIsTheRequestsAndThereIsNoneWithoutOne() {
    assertThatThrownBy(AuthenticatedAgent::current)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("No authenticated agent on this request");
    SecurityContextHolder.getContext()
        .setAuthentication(new UsernamePasswordAuthenticationToken("someone", null));
    assertThatThrownBy(AuthenticatedAgent::current).isInstanceOf(IllegalStateException.class);
    SecurityContextHolder.getContext().setAuthentication(new AuthenticatedAgent(row));
    assertThat(AuthenticatedAgent.current()).isSameAs(row);
  }
}
