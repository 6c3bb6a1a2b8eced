package org.availkit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.availkit.contract.AvailabilityRules.Transition;
import org.availkit.contract.AvailabilityStatus;
import org.junit.jupiter.api.Test;

class AgentStoreTest {

  private static ObjectNode example() {
    ObjectNode agent = JsonNodeFactory.instance.objectNode();
    agent.put("availability_status", "online");
    agent.put("updated_at", "2025-08-28T10:00:00Z");
    return agent;
  }

  @Test
  void keepsAtMostTheLimitDroppingTheLeastRecentlyUsed() {
    AgentStore store = new AgentStore(AgentStoreTest::example, 3);
    store.set("a", AvailabilityStatus.BUSY);
    store.set("b", AvailabilityStatus.BUSY);
    store.set("c", AvailabilityStatus.BUSY);
    store.get("a");
    store.set("d", AvailabilityStatus.BUSY);
    assertThat(store.get("a").path("availability_status").asText()).isEqualTo("busy");
    assertThat(store.get("b").path("availability_status").asText())
        .as("evicted, so back to the example")
        .isEqualTo("online");
  }

  @Test
  void aTransitionThatDoesNotApplyChangesNothing() {
    AgentStore store = new AgentStore(AgentStoreTest::example);
    Transition idleAway = (Transition) AgentStore.decide("away", "idle");
    store.set("k", AvailabilityStatus.AWAY_MANUAL);
    String updated = store.get("k").path("updated_at").asText();
    assertThat(store.apply("k", idleAway).path("updated_at").asText()).isEqualTo(updated);
    assertThat(store.get("k").path("availability_status").asText()).isEqualTo("away_manual");
  }
}
