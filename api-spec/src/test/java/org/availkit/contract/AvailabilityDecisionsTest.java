package org.availkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.availkit.contract.AvailabilityRules.Rejection;
import org.availkit.contract.AvailabilityRules.Transition;
import org.junit.jupiter.api.Test;

/**
 * What a decision promises a store, beyond the rules table (AvailabilityRulesTest): the set of
 * statuses a transition overwrites is the one the conditional write uses, so it must be exactly
 * right, never contain the target, and not change after the decision is made.
 */
class AvailabilityDecisionsTest {

  @Test
  void aUserChangeOverwritesEveryOtherStatusAndAnIdleChangeOnlyTheOtherNonManualOnes() {
    Transition user = (Transition) AvailabilityRules.decide(RequestedStatus.AWAY, Source.USER);
    assertThat(user.target()).isEqualTo(AvailabilityStatus.AWAY_MANUAL);
    assertThat(user.overwritable())
        .containsExactlyInAnyOrder(
            AvailabilityStatus.ONLINE,
            AvailabilityStatus.BUSY,
            AvailabilityStatus.AWAY,
            AvailabilityStatus.AWAY_AND_REASSIGNING,
            AvailabilityStatus.OFFLINE);

    Transition idle = (Transition) AvailabilityRules.decide(RequestedStatus.AWAY, Source.IDLE);
    assertThat(idle.target()).isEqualTo(AvailabilityStatus.AWAY);
    assertThat(idle.overwritable())
        .containsExactlyInAnyOrder(AvailabilityStatus.ONLINE, AvailabilityStatus.OFFLINE);
  }

  @Test
  void aTransitionNeverOverwritesItsOwnTarget() {
    assertThatThrownBy(
            () ->
                new Transition(
                    AvailabilityStatus.BUSY,
                    EnumSet.of(AvailabilityStatus.ONLINE, AvailabilityStatus.BUSY)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("A transition never overwrites its own target");
  }

  @Test
  void aDecisionDoesNotChangeWithTheSetsItWasMadeFrom() {
    Set<AvailabilityStatus> overwritable = EnumSet.of(AvailabilityStatus.ONLINE);
    Transition transition = new Transition(AvailabilityStatus.BUSY, overwritable);
    overwritable.add(AvailabilityStatus.OFFLINE);
    assertThat(transition.overwritable()).containsExactly(AvailabilityStatus.ONLINE);
    assertThat(transition.appliesTo(AvailabilityStatus.OFFLINE)).isFalse();
    assertThatThrownBy(() -> transition.overwritable().add(AvailabilityStatus.AWAY))
        .isInstanceOf(UnsupportedOperationException.class);

    List<String> allowed = new ArrayList<>(List.of("available"));
    Rejection rejection = new Rejection("status", "No.", allowed);
    allowed.add("busy");
    assertThat(rejection.allowedValues()).containsExactly("available");
  }
}
