package org.availkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The contract's enums as they travel: each constant's wire value reads back as that constant, and
 * a value that is no constant's is an error naming the type and the value (the server and the mock
 * only ever read values the schema allowed, so this is a programming error, never a 400).
 */
class WireValuesTest {

  @Test
  void everyConstantReadsBackFromItsWireValue() {
    for (AvailabilityStatus status : AvailabilityStatus.values()) {
      assertThat(AvailabilityStatus.fromWire(status.wire())).isSameAs(status);
    }
    for (RequestedStatus status : RequestedStatus.values()) {
      assertThat(RequestedStatus.fromWire(status.wire())).isSameAs(status);
    }
    for (Source source : Source.values()) {
      assertThat(Source.fromWire(source.wire())).isSameAs(source);
    }
  }

  @Test
  void wireValuesAreTheSpecsLowerCaseNames() {
    assertThat(Arrays.stream(AvailabilityStatus.values()).map(AvailabilityStatus::wire))
        .containsExactly(
            "online", "busy", "away", "away_manual", "away_and_reassigning", "offline");
    assertThat(Arrays.stream(RequestedStatus.values()).map(RequestedStatus::wire))
        .containsExactly(
            "available",
            "busy",
            "away",
            "offline",
            "online",
            "away_manual",
            "away_and_reassigning");
    assertThat(Arrays.stream(Source.values()).map(Source::wire)).containsExactly("user", "idle");
  }

  /**
   * Manual statuses are the ones idle detection never overwrites (the spec's "Availability rules").
   */
  @Test
  void theManualStatusesAreBusyAwayManualAndAwayAndReassigning() {
    assertThat(Arrays.stream(AvailabilityStatus.values()).filter(AvailabilityStatus::isManual))
        .containsExactly(
            AvailabilityStatus.BUSY,
            AvailabilityStatus.AWAY_MANUAL,
            AvailabilityStatus.AWAY_AND_REASSIGNING);
  }

  /**
   * A left-out {@code source} is the agent's own change, the spec's default; a left-out status has
   * none.
   */
  @Test
  void noSourceIsTheUserAndNoStatusIsAnError() {
    assertThat(Source.fromWire(null)).isSameAs(Source.USER);
    assertThatThrownBy(() -> RequestedStatus.fromWire(null))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown RequestedStatus: null");
  }

  @Test
  void aValueThatIsNoConstantsIsAnErrorNamingTheTypeAndTheValue() {
    assertThatThrownBy(() -> AvailabilityStatus.fromWire("available"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown AvailabilityStatus: available");
    assertThatThrownBy(() -> RequestedStatus.fromWire("BUSY"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown RequestedStatus: BUSY");
    assertThatThrownBy(() -> Source.fromWire("system"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown Source: system");
  }
}
