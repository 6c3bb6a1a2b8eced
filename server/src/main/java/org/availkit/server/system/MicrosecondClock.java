package org.availkit.server.system;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * UTC in whole microseconds (another zone through {@link #withZone}, still in microseconds): what
 * PostgreSQL keeps, so a time reads back exactly as it was written and {@code updated_at} compares
 * equal across a round trip.
 *
 * <p>Not {@code Clock.tick(systemUTC(), 1 µs)}: on Java 17 that clock's {@code millis()} divides by
 * zero for ticks under a millisecond.
 */
final class MicrosecondClock extends Clock {

  private final ZoneId zone;

  MicrosecondClock() {
    this(ZoneOffset.UTC);
  }

  private MicrosecondClock(ZoneId zone) {
    this.zone = zone;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /**
   * The same clock seen from {@code zone}: still whole microseconds (the instants do not change).
   */
  @Override
  public Clock withZone(ZoneId zone) {
    return new MicrosecondClock(zone);
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
