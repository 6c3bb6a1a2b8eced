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
      AvailabilityStatus current =
          AvailabilityStatus.fromWire(agent.path("availability_status").asText());
      if (transition.appliesTo(current)) {
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
