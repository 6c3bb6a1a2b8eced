package org.availkit.server.system;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * UTC in whole microseconds (another zone through {@link #withZone}, still in microseconds): what
 * PostgreSQL keeps, so a time reads back exactly as it was written and {@code updated_at} compares
 * equal across a round trip.
 *
 * <p>And strictly increasing: no two readings in this process are equal, so no two writes share an
 * {@code updated_at} and the times follow the order of the writes. The writer takes a time for each
 * write of a batch in a loop, and two writes of one agent in one batch got the same microsecond
 * (ConcurrencyIntegrationTest, on a loaded machine: two answers with one {@code updated_at} and two
 * statuses). A reading is the system time, or one microsecond after the last reading when the
 * system time has not moved past it (within a microsecond, or stepped back): the clock then runs a
 * microsecond a reading until the system time overtakes it.
 *
 * <p>Not {@code Clock.tick(systemUTC(), 1 µs)}: on Java 17 that clock's {@code millis()} divides by
 * zero for ticks under a millisecond.
 */
public final class MicrosecondClock extends Clock {

  private static final long MICROS_PER_SECOND = 1_000_000;

  private final ZoneId zone;

  /** The last reading, in microseconds since the epoch; shared by the clock's other zones. */
  private final AtomicLong last;

  /** The clock of every time stored, in UTC. */
  public MicrosecondClock() {
    this(ZoneOffset.UTC, new AtomicLong());
  }

  private MicrosecondClock(ZoneId zone, AtomicLong last) {
    this.zone = zone;
    this.last = last;
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
    return new MicrosecondClock(zone, last);
  }

  @Override
  public Instant instant() {
    Instant system = Instant.now();
    long now = system.getEpochSecond() * MICROS_PER_SECOND + system.getNano() / 1000;
    long reading = last.accumulateAndGet(now, (before, time) -> Math.max(before + 1, time));
    return Instant.ofEpochSecond(
        Math.floorDiv(reading, MICROS_PER_SECOND),
        Math.floorMod(reading, MICROS_PER_SECOND) * 1000);
  }

  @Override
  public long millis() {
    return System.currentTimeMillis();
  }
}
