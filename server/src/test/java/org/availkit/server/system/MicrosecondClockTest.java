package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MicrosecondClockTest {

  @Test
  void timesAreWholeMicrosecondsInUtc() {
    MicrosecondClock clock = new MicrosecondClock();
    for (int i = 0; i < 100; i++) {
      assertThat(clock.instant().getNano() % 1000).isZero();
    }
    assertThat(OffsetDateTime.now(clock).getOffset()).isEqualTo(ZoneOffset.UTC);
    assertThat(clock.millis()).isPositive();
  }

  @Test
  void inAnotherZoneItIsTheSystemsClockThere() {
    java.time.ZoneId paris = java.time.ZoneId.of("Europe/Paris");
    assertThat(new MicrosecondClock().withZone(paris).getZone()).isEqualTo(paris);
  }
}
