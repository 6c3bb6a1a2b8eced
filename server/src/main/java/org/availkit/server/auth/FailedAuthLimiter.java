package org.availkit.server.auth;

import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts failed authentications per client address and per presented API key in fixed windows. Past
 * the limit, further failures are answered 429 until the window ends. Successful authentication is
 * never limited, so a key's owner is not locked out by someone guessing at it.
 *
 * <p>Memory is bounded: counters of past windows are dropped, and a window never holds more than
 * {@code maxTracked} counters (past that, new sources are limited as one shared bucket).
 */
final class FailedAuthLimiter {

  private static final String OVERFLOW = "\0overflow";

  private final int maxFailures;
  private final long windowMillis;
  private final int maxTracked;
  private final Clock clock;
  private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();
  private volatile long window = -1;

  FailedAuthLimiter(int maxFailures, long windowMillis, int maxTracked, Clock clock) {
    this.maxFailures = maxFailures;
    this.windowMillis = windowMillis;
    this.maxTracked = maxTracked;
    this.clock = clock;
  }

  /**
   * Records a failure from {@code address} with {@code apiKey} (null when none could be read) and
   * returns the seconds to wait when either is over the limit now.
   */
  OptionalLong recordFailure(String address, String apiKey) {
    long now = clock.millis();
    rollWindow(now);
    boolean over = increment("a:" + address) > maxFailures;
    if (apiKey != null) {
      over |= increment("k:" + apiKey) > maxFailures;
    }
    if (!over) {
      return OptionalLong.empty();
    }
    long windowEnd = (now / windowMillis + 1) * windowMillis;
    return OptionalLong.of(Math.max(1, (windowEnd - now + 999) / 1000));
  }

  private int increment(String key) {
    AtomicInteger counter = counters.get(key);
    if (counter == null) {
      String bucket = counters.size() >= maxTracked ? OVERFLOW : key;
      counter = counters.computeIfAbsent(bucket, k -> new AtomicInteger());
    }
    return counter.incrementAndGet();
  }

  private void rollWindow(long now) {
    long current = now / windowMillis;
    if (current != window) {
      synchronized (this) {
        if (current != window) {
          counters.clear();
          window = current;
        }
      }
    }
  }
}
