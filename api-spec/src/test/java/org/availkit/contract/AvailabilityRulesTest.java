package org.availkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Collectors;
import org.availkit.contract.AvailabilityRules.Decision;
import org.availkit.contract.AvailabilityRules.Rejection;
import org.availkit.contract.AvailabilityRules.Transition;
import org.availkit.contract.testing.RuleCases;
import org.availkit.contract.testing.RuleCases.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules class against the literal table of every current status x requested status x source
 * ({@link RuleCases}, in the test-jar, which the server's, the mock's and the differential's tests
 * read too).
 */
class AvailabilityRulesTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.availkit.contract.testing.RuleCases#every")
  void requestFromCurrentStatusEndsInTheTabledStatus(Rule rule) {
    AvailabilityStatus from = AvailabilityStatus.fromWire(rule.current());
    Decision decision =
        AvailabilityRules.decide(
            RequestedStatus.fromWire(rule.requested()), Source.fromWire(rule.source()));

    if (rule.rejected()) {
      assertThat(decision).isInstanceOf(Rejection.class);
      Rejection rejection = (Rejection) decision;
      assertThat(rejection.field()).isEqualTo("status");
      assertThat(rejection.message()).isEqualTo(rule.rejectionMessage());
      assertThat(rejection.allowedValues())
          .containsExactly("available", "away", "offline", "online");
      return;
    }
    assertThat(decision).isInstanceOf(Transition.class);
    Transition transition = (Transition) decision;
    assertThat(transition.resultFrom(from).wire()).isEqualTo(rule.result());
    assertThat(transition.appliesTo(from)).isEqualTo(rule.written());
  }

  @Test
  void theTableHasEveryCaseExactlyOnce() {
    String header = "# current | requested | src | result | written\n";
    String full =
        RuleCases.every()
            .map(
                r ->
                    r.current()
                        + " | "
                        + r.requested()
                        + " | "
                        + r.source()
                        + " | "
                        + r.result()
                        + " | "
                        + (r.written() ? "yes" : "no"))
            .collect(Collectors.joining("\n"));
    assertThat(RuleCases.parse(header + full)).hasSize(84);

    String withoutLastRow = full.substring(0, full.lastIndexOf('\n'));
    assertThatThrownBy(() -> RuleCases.parse(withoutLastRow))
        .hasMessageContaining("83 rows, not 84");
    String repeated = full + "\n" + full.substring(0, full.indexOf('\n'));
    assertThatThrownBy(() -> RuleCases.parse(repeated))
        .hasMessageContaining("A second row for the same case");
    assertThatThrownBy(() -> RuleCases.parse(full.replaceFirst("online", "napping")))
        .hasMessageContaining("Unknown value");
    assertThatThrownBy(() -> RuleCases.parse(full.replace("REJECTED | no", "REJECTED | yes")))
        .hasMessageContaining("A rejected request writes nothing");
  }

  @ParameterizedTest
  @CsvSource({
    "available, online",
    "busy, busy",
    "away, away_manual",
    "offline, offline",
    "online, online",
    "away_manual, away_manual",
    "away_and_reassigning, away_and_reassigning"
  })
  void missingSourceMeansUser(String requested, String target) {
    Decision decision =
        AvailabilityRules.decide(RequestedStatus.fromWire(requested), Source.fromWire(null));
    assertThat(((Transition) decision).target().wire()).isEqualTo(target);
  }

  @Test
  void idleDetectionIsAllowedNoValueThatMapsToAManualStatus() {
    assertThat(AvailabilityRules.allowedStatuses(Source.USER))
        .containsExactly(
            "available",
            "busy",
            "away",
            "offline",
            "online",
            "away_manual",
            "away_and_reassigning");
    assertThat(AvailabilityRules.allowedStatuses(Source.IDLE))
        .containsExactly("available", "away", "offline", "online");
  }
}
