package org.availkit.server.system;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * UTC in whole microseconds: what PostgreSQL keeps, so a time reads back exactly as it was
 * written and {@code updated_at} compares equal across a round trip.
 *
 * <p>Not {@code Clock.tick(systemUTC(), 1 µs)}: on Java 17 that clock's {@code millis()} divides
 * by zero for ticks under a millisecond.
 */
final class MicrosecondClock extends Clock {

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.system(zone);
  }

  @Override
  public Instant instant() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  @Override
  public long millis() {
    return System.currentTimeMillis();
  }
}
