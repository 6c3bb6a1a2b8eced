package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

  /** Two writes of one batch took the same time once (MicrosecondClock). */
  @Test
  void noTwoReadingsAreEqualAndNoneGoesBack() {
    MicrosecondClock clock = new MicrosecondClock();
    Clock there = clock.withZone(ZoneId.of("Europe/Paris"));
    Instant before = clock.instant();
    for (int i = 0; i < 100_000; i++) {
      Instant next = (i % 2 == 0 ? there : clock).instant();
      assertThat(next).isAfter(before);
      before = next;
    }
    assertThat(before).isBefore(Instant.now().plusSeconds(1));
  }

  @Test
  void readingsFromManyThreadsAreAllDifferent() throws Exception {
    MicrosecondClock clock = new MicrosecondClock();
    Set<Instant> seen = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        work.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 20_000; i++) {
                    seen.add(clock.instant());
                  }
                }));
      }
      for (Future<?> f : work) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(seen).hasSize(4 * 20_000);
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
