package org.availkit.contract.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How long requests took, reported and never asserted: a loaded machine makes any bound on time
 * either loose enough to mean nothing or a test that fails by chance. The figures go to {@code
 * target/fault-figures/<name>.txt} of the module under test, where the README's figures come from.
 */
public final class Latencies {

  private final List<Long> nanos = new ArrayList<>();

  public synchronized void add(Duration took) {
    nanos.add(took.toNanos());
  }

  public synchronized int count() {
    return nanos.size();
  }

  /** The {@code p}th percentile (0 to 100) by nearest rank; zero when there are none. */
  public synchronized Duration percentile(double p) {
    if (nanos.isEmpty()) {
      return Duration.ZERO;
    }
    List<Long> sorted = new ArrayList<>(nanos);
    sorted.sort(null);
    int rank = (int) Math.ceil(p / 100 * sorted.size());
    return Duration.ofNanos(sorted.get(Math.max(rank, 1) - 1));
  }

  /** p50, p90, p99 and the maximum, in milliseconds, on one line. */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "n=%d p50=%s p90=%s p99=%s max=%s",
        count(),
        millis(percentile(50)),
        millis(percentile(90)),
        millis(percentile(99)),
        millis(percentile(100)));
  }

  /**
   * Writes {@code target/fault-figures/<name>.txt}: the lines of {@code context} (what was going on
   * while the requests were timed), then the summary. Returns the file.
   */
  public Path write(String name, List<String> context) throws IOException {
    Path file = Path.of("target", "fault-figures", name + ".txt").toAbsolutePath();
    Files.createDirectories(file.getParent());
    List<String> lines = new ArrayList<>(context);
    lines.add("latency (ms): " + summary());
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  private static String millis(Duration d) {
    return String.format(Locale.ROOT, "%.1f", d.toNanos() / 1e6);
  }
}
