package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
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
  void inAnotherZoneItIsStillWholeMicroseconds() {
    ZoneId paris = ZoneId.of("Europe/Paris");
    Clock there = new MicrosecondClock().withZone(paris);
    assertThat(there.getZone()).isEqualTo(paris);
    for (int i = 0; i < 100; i++) {
      assertThat(there.instant().getNano() % 1000).isZero();
    }
    assertThat(OffsetDateTime.now(there).getOffset())
        .isEqualTo(paris.getRules().getOffset(there.instant()));
    assertThat(there.withZone(ZoneOffset.UTC).getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void theServersClockIsMicrosecondsInUtc() {
    assertThat(new DatabaseConfig().clock()).isInstanceOf(MicrosecondClock.class);
    assertThat(new DatabaseConfig().clock().getZone()).isEqualTo(ZoneOffset.UTC);
  }
}
