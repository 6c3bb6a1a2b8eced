package org.availkit.server.agent;

import java.util.List;

/** An agent's roles, permissions and teams, as {@link AgentRepository#findLists} reads them. */
record AgentLists(List<String> roles, List<String> permissions, List<AgentDetails.Team> teams) {

  AgentLists {
    roles = List.copyOf(roles);
    permissions = List.copyOf(permissions);
    teams = List.copyOf(teams);
  }
}
