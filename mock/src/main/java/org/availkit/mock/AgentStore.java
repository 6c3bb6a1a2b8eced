package org.availkit.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.availkit.contract.AvailabilityRules;
import org.availkit.contract.AvailabilityRules.Decision;
import org.availkit.contract.AvailabilityRules.Transition;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.contract.RequestedStatus;
import org.availkit.contract.Source;

/**
 * One agent per API key, each starting as the spec's example agent. Changes follow the same {@link
 * AvailabilityRules} as the server, applied atomically per agent; a request that maps to the
 * current status changes nothing, {@code updated_at} included. Memory is bounded: at most {@value
 * #MAX_AGENTS} agents are kept (which matters with {@code --accept-any-credentials}).
 */
final class AgentStore {

  /** Agents kept at most; past it the least recently used one starts over as the example. */
  static final int MAX_AGENTS = 10_000;

  private final Supplier<ObjectNode> template;
  private final Map<String, ObjectNode> agents;

  AgentStore(Supplier<ObjectNode> template) {
    this(template, MAX_AGENTS);
  }

  AgentStore(Supplier<ObjectNode> template, int maxAgents) {
    this.template = template;
    this.agents =
        Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
              @Override
              protected boolean removeEldestEntry(Map.Entry<String, ObjectNode> eldest) {
                return size() > maxAgents;
              }
            });
  }

  /** A copy of the agent of {@code apiKey} as it is now. */
  ObjectNode get(String apiKey) {
    ObjectNode agent = agent(apiKey);
    synchronized (agent) {
      return agent.deepCopy();
    }
  }

  /** Applies a decided transition; returns a copy of the agent afterwards. */
  ObjectNode apply(String apiKey, Transition transition) {
    ObjectNode agent = agent(apiKey);
    synchronized (agent) {
      AvailabilityStatus current = listed(agent.path("availability_status").asText());
      // A status this spec does not list (setUnlisted) counts as manual: only the agent's own
      // change replaces it, never idle detection's.
      boolean applies =
          current == null
              ? transition.overwritable().stream().anyMatch(AvailabilityStatus::isManual)
              : transition.appliesTo(current);
      if (applies) {
        agent.put("availability_status", transition.target().wire());
        agent.put("updated_at", now());
      }
      return agent.deepCopy();
    }
  }

  /** Sets a status whatever the current one (the admin API, for frontends to test a screen). */
  ObjectNode set(String apiKey, AvailabilityStatus status) {
    ObjectNode agent = agent(apiKey);
    synchronized (agent) {
      agent.put("availability_status", status.wire());
      agent.put("updated_at", now());
      return agent.deepCopy();
    }
  }

  /**
   * Sets a status this version of the spec may not list, as a later server could send it (the admin
   * API, for clients to test that they survive one).
   */
  ObjectNode setUnlisted(String apiKey, String status) {
    ObjectNode agent = agent(apiKey);
    synchronized (agent) {
      agent.put("availability_status", status);
      agent.put("updated_at", now());
      return agent.deepCopy();
    }
  }

  /** The listed status of that wire value, or null for one the spec does not list. */
  static AvailabilityStatus listed(String wire) {
    for (AvailabilityStatus status : AvailabilityStatus.values()) {
      if (status.wire().equals(wire)) {
        return status;
      }
    }
    return null;
  }

  /** Every agent back to the example. */
  void reset() {
    agents.clear();
  }

  static Decision decide(String status, String source) {
    return AvailabilityRules.decide(RequestedStatus.fromWire(status), Source.fromWire(source));
  }

  private ObjectNode agent(String apiKey) {
    return agents.computeIfAbsent(
        apiKey,
        key -> {
          ObjectNode agent = template.get();
          agent.put("api_key", key);
          return agent;
        });
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
  }
}
