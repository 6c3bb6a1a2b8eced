import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One wrk run, as put.lua's done() reports it. */
record Wrk(
    long requests,
    long durationMicros,
    long p50Micros,
    long p99Micros,
    long maxMicros,
    long errors) {
  double perSecond() {
    return requests * 1e6 / durationMicros;
  }

  /**
   * The run from what wrk printed: put.lua's line {@code BENCH {json}}; errors of every kind
   * summed.
   */
  static Wrk parse(String out) {
    Matcher m = Pattern.compile("BENCH \\{(.*)}").matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("wrk printed no result:\n" + out);
    }
    Map<String, Long> v = new LinkedHashMap<>();
    for (String field : m.group(1).split(",")) {
      String[] kv = field.split(":");
      v.put(kv[0].replace("\"", ""), Long.parseLong(kv[1]));
    }
    long errors =
        v.get("connect") + v.get("read") + v.get("write") + v.get("status") + v.get("timeout");
    return new Wrk(
        v.get("requests"),
        v.get("duration_us"),
        v.get("p50_us"),
        v.get("p99_us"),
        v.get("max_us"),
        errors);
  }
}
