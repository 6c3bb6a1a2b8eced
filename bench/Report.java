import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The results as the markdown table (with its notes) that bench/target/results.md and the README
 * show.
 */
final class Report {

  private Report() {}

  static String table(String machine, Settings settings, List<Row> rows, List<String> notes) {
    Row prism = rows.stream().filter(r -> r.target().equals("prism")).findFirst().orElse(null);
    Row ceiling = rows.stream().filter(r -> r.target().equals("nginx")).findFirst().orElse(null);
    StringBuilder md = new StringBuilder();
    md.append("Measured ").append(machine).append(".\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "wrk on the same machine, `PUT %s` with valid credentials; %d s warm-up in %d s slices, then %d s per line."
                + " Ready: process start to the first 200, the median of %d starts.\n\n",
            Bench.PUT_PATH,
            settings.warmupSlices() * settings.sliceSeconds(),
            settings.sliceSeconds(),
            settings.measureSeconds(),
            settings.starts()));
    if (!settings.serverArgs().isEmpty()) {
      md.append("The server was started with these arguments besides its own, not as it ships: `")
          .append(String.join(" ", settings.serverArgs()))
          .append("`.\n\n");
    }
    md.append(
        "| target | ready | -t2 -c64 req/s | p50 | p99 | errors | -t1 -c32 req/s | p50 | p99 | errors"
            + " | RSS after | live heap | × Prism | of ceiling |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| **%s**: %s | %s | %,.0f | %s | %s | %d | %,.0f | %s | %s | %d | %s | %s | %s | %s |\n",
              r.target(),
              r.what(),
              r.readyMillis() < 0 ? "–" : String.format(Locale.ROOT, "%,d ms", r.readyMillis()),
              r.c64().perSecond(),
              millis(r.c64().p50Micros()),
              millis(r.c64().p99Micros()),
              r.c64().errors(),
              r.c32().perSecond(),
              millis(r.c32().p50Micros()),
              millis(r.c32().p99Micros()),
              r.c32().errors(),
              Memory.mb(r.rssKb(), "%.0f MB"),
              r.liveHeapKb() < 0
                  ? "–"
                  : String.format(Locale.ROOT, "%.0f MB", r.liveHeapKb() / 1024.0),
              prism == null
                  ? "–"
                  : String.format(
                      Locale.ROOT, "%.1f×", r.c64().perSecond() / prism.c64().perSecond()),
              ceiling == null
                  ? "–"
                  : String.format(
                      Locale.ROOT,
                      "%.0f %%",
                      100 * r.c64().perSecond() / ceiling.c64().perSecond())));
    }
    md.append(
        "\nRatios compare the -t2 -c64 figures. RSS: resident memory of the target's processes after the"
            + " load (on PostgreSQL, the PostgreSQL server's processes too: its note below says how much). Live heap"
            + " (Java targets): the heap in use right after a full GC, what the process really keeps; the rest of a"
            + " JVM's RSS is heap it grew into under load (default settings let it take a quarter of the machine's"
            + " memory) and the JVM itself.\n");
    md.append(
        "\nWarm-up, req/s per slice (-t2 -c64); the last slices show whether the figure has stopped climbing:\n\n");
    for (Row r : rows) {
      md.append("- ")
          .append(r.target())
          .append(": ")
          .append(
              r.warmup().stream()
                  .map(d -> String.format(Locale.ROOT, "%,.0f", d))
                  .collect(Collectors.joining(", ")))
          .append('\n');
    }
    Row pgWrite =
        rows.stream().filter(r -> r.target().equals("server-pg-write")).findFirst().orElse(null);
    Row pgbench = rows.stream().filter(r -> r.target().equals("pgbench")).findFirst().orElse(null);
    if (pgWrite != null && pgbench != null) {
      notes.add(
          String.format(
              Locale.ROOT,
              "PostgreSQL writes: the server on PostgreSQL does %.2f× of what pgbench gets from PostgreSQL"
                  + " alone with the same single-row update, in this run (%,.0f req/s against %,.0f tps at"
                  + " -c64 on two threads; %.2f× at -c32 on one, %,.0f against %,.0f).",
              pgWrite.c64().perSecond() / pgbench.c64().perSecond(),
              pgWrite.c64().perSecond(),
              pgbench.c64().perSecond(),
              pgWrite.c32().perSecond() / pgbench.c32().perSecond(),
              pgWrite.c32().perSecond(),
              pgbench.c32().perSecond()));
    }
    Row same =
        rows.stream().filter(r -> r.target().equals("server-h2-same")).findFirst().orElse(null);
    Row scale =
        rows.stream().filter(r -> r.target().equals("server-h2-scale")).findFirst().orElse(null);
    if (same != null && scale != null) {
      notes.add(
          String.format(
              Locale.ROOT,
              "Scale: with %,d agents and the load over %,d credentials the server does %,.0f req/s at -t2 -c64, %+.1f %%"
                  + " against one agent (%,.0f req/s); live heap %.0f MB against %.0f MB, resident memory %s"
                  + " against %s.",
              settings.scaleAgents(),
              settings.scaleCredentials(),
              scale.c64().perSecond(),
              100 * (scale.c64().perSecond() - same.c64().perSecond()) / same.c64().perSecond(),
              same.c64().perSecond(),
              scale.liveHeapKb() / 1024.0,
              same.liveHeapKb() / 1024.0,
              Memory.mb(scale.rssKb(), "%.0f MB"),
              Memory.mb(same.rssKb(), "%.0f MB")));
    }
    if (!notes.isEmpty()) {
      md.append('\n');
      notes.forEach(n -> md.append("- ").append(n).append('\n'));
    }
    return md.toString();
  }

  /**
   * The note on the paired scale rounds: {@code pairs} holds each pair of starts' scale/one ratios,
   * pairs 1, 3, ... with the single-agent server started first, pairs 2, 4, ... the scale server.
   */
  static String scalePairs(Settings settings, List<List<Double>> pairs) {
    List<Double> all = pairs.stream().flatMap(List::stream).sorted().toList();
    List<Double> oneFirst = new ArrayList<>();
    List<Double> scaleFirst = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      (i % 2 == 0 ? oneFirst : scaleFirst).addAll(pairs.get(i));
    }
    return String.format(
        Locale.ROOT,
        "Scale, paired: %d pairs of server starts (the single-agent server started first in odd pairs, the scale"
            + " server in even ones), each warmed up, then %d rounds of %d s at -t2 -c64 with one slice on each server"
            + " per round (the order swapped every round): the server with %,d agents and %,d credentials does %s"
            + " against one agent (median of all %d rounds' ratios; by pair of starts %s; single-agent server started"
            + " first %s, scale server first %s; rounds from %s to %s).",
        pairs.size(),
        settings.pairedRounds(),
        settings.sliceSeconds(),
        settings.scaleAgents(),
        settings.scaleCredentials(),
        change(median(all)),
        all.size(),
        pairs.stream().map(r -> change(median(r))).collect(Collectors.joining(", ")),
        change(median(oneFirst)),
        scaleFirst.isEmpty() ? "–" : change(median(scaleFirst)),
        change(all.get(0)),
        change(all.get(all.size() - 1)));
  }

  /** A ratio as a change in per cent: 0.902 is "-9.8 %". */
  private static String change(double ratio) {
    return String.format(Locale.ROOT, "%+.1f %%", 100 * (ratio - 1));
  }

  /** The tail runs' note: each run's p99 (and p50, maximum), in the order they ran. */
  static String tail(String target, int seconds, List<Wrk> runs) {
    return String.format(
        Locale.ROOT,
        "Tail (%s, wrk's static request, -t2 -c64, %d consecutive %d-s runs after the warm-up):"
            + " p99 %s; p50 %s; maximum %s; %s req/s.",
        target,
        runs.size(),
        seconds,
        runs.stream().map(w -> millis(w.p99Micros())).collect(Collectors.joining(", ")),
        runs.stream().map(w -> millis(w.p50Micros())).collect(Collectors.joining(", ")),
        runs.stream().map(w -> millis(w.maxMicros())).collect(Collectors.joining(", ")),
        runs.stream()
            .map(w -> String.format(Locale.ROOT, "%,.0f", w.perSecond()))
            .collect(Collectors.joining(", ")));
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.size() % 2 == 1
        ? sorted.get(sorted.size() / 2)
        : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
  }

  static void updateReadme(Path root, String table) throws IOException {
    Path readme = root.resolve("README.md");
    String text = Files.readString(readme);
    String start = "<!-- bench:start -->";
    String end = "<!-- bench:end -->";
    int a = text.indexOf(start);
    int b = text.indexOf(end);
    if (a < 0 || b < a) {
      throw new IllegalStateException("README.md has no " + start + " ... " + end + " section");
    }
    Files.writeString(
        readme, text.substring(0, a + start.length()) + "\n" + table + text.substring(b));
  }

  static String millis(long micros) {
    return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
  }
}
