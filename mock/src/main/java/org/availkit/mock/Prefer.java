package org.availkit.mock;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code Prefer} header, as other OpenAPI mocks read it: {@code code=NNN} answers with that
 * status's documented example, {@code example=NAME} picks a named example, {@code delay=MS} delays
 * the answer, {@code fault=KIND} breaks the connection. Several may be combined: {@code Prefer:
 * code=429, delay=500}.
 */
record Prefer(Integer code, String example, int delayMillis, String fault) {

  static final List<String> FAULTS =
      List.of("connection_reset", "empty_response", "malformed_response", "random_data");

  static Prefer parse(List<String> headers) {
    Map<String, String> prefs = new LinkedHashMap<>();
    for (String header : headers) {
      for (String part : header.split("[,;]")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          prefs.put(
              part.substring(0, eq).strip().toLowerCase(Locale.ROOT),
              part.substring(eq + 1).strip());
        }
      }
    }
    return new Prefer(
        integer(prefs.get("code")),
        prefs.get("example"),
        prefs.containsKey("delay") && integer(prefs.get("delay")) != null
            ? Math.min(integer(prefs.get("delay")), 600_000)
            : 0,
        prefs.get("fault") == null ? null : prefs.get("fault").toLowerCase(Locale.ROOT));
  }

  boolean forcesAnswer() {
    return code != null || example != null;
  }

  private static Integer integer(String value) {
    if (value == null) {
      return null;
    }
    try {
      int n = Integer.parseInt(value);
      return n < 0 ? null : n;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
