package org.availkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.availkit.contract.AvailabilityRules.Decision;
import org.availkit.contract.AvailabilityRules.Rejection;
import org.availkit.contract.AvailabilityRules.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every current status x requested status x source, with the status that follows and whether
 * anything is written. The table is the spec's availability rules written out; change it
 * only together with the spec.
 */
class AvailabilityRulesTest {

  @ParameterizedTest(name = "{0} + {1} ({2}) -> {3}, written: {4}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      # current            | requested            | src  | result               | written
      online               | available            | user | online               | no
      online               | available            | idle | online               | no
      online               | busy                 | user | busy                 | yes
      online               | busy                 | idle | REJECTED             | no
      online               | away                 | user | away_manual          | yes
      online               | away                 | idle | away                 | yes
      online               | offline              | user | offline              | yes
      online               | offline              | idle | offline              | yes
      online               | online               | user | online               | no
      online               | online               | idle | online               | no
      online               | away_manual          | user | away_manual          | yes
      online               | away_manual          | idle | REJECTED             | no
      online               | away_and_reassigning | user | away_and_reassigning | yes
      online               | away_and_reassigning | idle | REJECTED             | no
      busy                 | available            | user | online               | yes
      busy                 | available            | idle | busy                 | no
      busy                 | busy                 | user | busy                 | no
      busy                 | busy                 | idle | REJECTED             | no
      busy                 | away                 | user | away_manual          | yes
      busy                 | away                 | idle | busy                 | no
      busy                 | offline              | user | offline              | yes
      busy                 | offline              | idle | busy                 | no
      busy                 | online               | user | online               | yes
      busy                 | online               | idle | busy                 | no
      busy                 | away_manual          | user | away_manual          | yes
      busy                 | away_manual          | idle | REJECTED             | no
      busy                 | away_and_reassigning | user | away_and_reassigning | yes
      busy                 | away_and_reassigning | idle | REJECTED             | no
      away                 | available            | user | online               | yes
      away                 | available            | idle | online               | yes
      away                 | busy                 | user | busy                 | yes
      away                 | busy                 | idle | REJECTED             | no
      away                 | away                 | user | away_manual          | yes
      away                 | away                 | idle | away                 | no
      away                 | offline              | user | offline              | yes
      away                 | offline              | idle | offline              | yes
      away                 | online               | user | online               | yes
      away                 | online               | idle | online               | yes
      away                 | away_manual          | user | away_manual          | yes
      away                 | away_manual          | idle | REJECTED             | no
      away                 | away_and_reassigning | user | away_and_reassigning | yes
      away                 | away_and_reassigning | idle | REJECTED             | no
      away_manual          | available            | user | online               | yes
      away_manual          | available            | idle | away_manual          | no
      away_manual          | busy                 | user | busy                 | yes
      away_manual          | busy                 | idle | REJECTED             | no
      away_manual          | away                 | user | away_manual          | no
      away_manual          | away                 | idle | away_manual          | no
      away_manual          | offline              | user | offline              | yes
      away_manual          | offline              | idle | away_manual          | no
      away_manual          | online               | user | online               | yes
      away_manual          | online               | idle | away_manual          | no
      away_manual          | away_manual          | user | away_manual          | no
      away_manual          | away_manual          | idle | REJECTED             | no
      away_manual          | away_and_reassigning | user | away_and_reassigning | yes
      away_manual          | away_and_reassigning | idle | REJECTED             | no
      away_and_reassigning | available            | user | online               | yes
      away_and_reassigning | available            | idle | away_and_reassigning | no
      away_and_reassigning | busy                 | user | busy                 | yes
      away_and_reassigning | busy                 | idle | REJECTED             | no
      away_and_reassigning | away                 | user | away_manual          | yes
      away_and_reassigning | away                 | idle | away_and_reassigning | no
      away_and_reassigning | offline              | user | offline              | yes
      away_and_reassigning | offline              | idle | away_and_reassigning | no
      away_and_reassigning | online               | user | online               | yes
      away_and_reassigning | online               | idle | away_and_reassigning | no
      away_and_reassigning | away_manual          | user | away_manual          | yes
      away_and_reassigning | away_manual          | idle | REJECTED             | no
      away_and_reassigning | away_and_reassigning | user | away_and_reassigning | no
      away_and_reassigning | away_and_reassigning | idle | REJECTED             | no
      offline              | available            | user | online               | yes
      offline              | available            | idle | online               | yes
      offline              | busy                 | user | busy                 | yes
      offline              | busy                 | idle | REJECTED             | no
      offline              | away                 | user | away_manual          | yes
      offline              | away                 | idle | away                 | yes
      offline              | offline              | user | offline              | no
      offline              | offline              | idle | offline              | no
      offline              | online               | user | online               | yes
      offline              | online               | idle | online               | yes
      offline              | away_manual          | user | away_manual          | yes
      offline              | away_manual          | idle | REJECTED             | no
      offline              | away_and_reassigning | user | away_and_reassigning | yes
      offline              | away_and_reassigning | idle | REJECTED             | no
      """)
  void requestFromCurrentStatusEndsInTheTabledStatus(
      String current, String requested, String source, String result, String written) {
    AvailabilityStatus from = AvailabilityStatus.fromWire(current);
    Decision decision = AvailabilityRules.decide(RequestedStatus.fromWire(requested), Source.fromWire(source));

    if (result.equals("REJECTED")) {
      assertThat(decision).isInstanceOf(Rejection.class);
      Rejection rejection = (Rejection) decision;
      assertThat(rejection.field()).isEqualTo("status");
      assertThat(rejection.message()).isEqualTo("Idle detection cannot set the status " + requested + ".");
      assertThat(rejection.allowedValues()).containsExactly("available", "away", "offline", "online");
      return;
    }
    assertThat(decision).isInstanceOf(Transition.class);
    Transition transition = (Transition) decision;
    assertThat(transition.resultFrom(from).wire()).isEqualTo(result);
    assertThat(transition.appliesTo(from)).isEqualTo(written.equals("yes"));
  }

  @ParameterizedTest
  @CsvSource({"available, online", "busy, busy", "away, away_manual", "offline, offline", "online, online",
      "away_manual, away_manual", "away_and_reassigning, away_and_reassigning"})
  void missingSourceMeansUser(String requested, String target) {
    Decision decision = AvailabilityRules.decide(RequestedStatus.fromWire(requested), Source.fromWire(null));
    assertThat(((Transition) decision).target().wire()).isEqualTo(target);
  }

  @Test
  void idleDetectionIsAllowedNoValueThatMapsToAManualStatus() {
    assertThat(AvailabilityRules.allowedStatuses(Source.USER)).containsExactly(
        "available", "busy", "away", "offline", "online", "away_manual", "away_and_reassigning");
    assertThat(AvailabilityRules.allowedStatuses(Source.IDLE)).containsExactly("available", "away", "offline", "online");
  }
}
