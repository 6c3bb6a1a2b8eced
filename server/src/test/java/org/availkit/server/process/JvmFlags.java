package org.availkit.server.process;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options a process was given on its command line, read from what {@code
 * -XX:+PrintFlagsFinal} prints: a line per flag, whose last column says where its value came from.
 * Only {@code {command line}} counts, so that a flag the JVM chose by itself (the serial collector
 * on a machine it does not take for a server) is not mistaken for one a launcher passed.
 */
final class JvmFlags {

  /** The option that makes a JVM print its flags. */
  static final String PRINT = "-XX:+PrintFlagsFinal";

  // "     intx TieredStopAtLevel      = 1      {product} {command line}"
  private static final Pattern GIVEN =
      Pattern.compile("^\\s*\\S+\\s+(\\w+)\\s+:?=\\s+(\\S*)\\s+\\{[^}]*}\\s+\\{command line}\\s*$");

  private JvmFlags() {}

  /** Each flag given on the command line, by name, with its final value. */
  static Map<String, String> given(List<String> output) {
    Map<String, String> flags = new TreeMap<>();
    for (String line : output) {
      Matcher m = GIVEN.matcher(line);
      if (m.matches()) {
        flags.put(m.group(1), m.group(2));
      }
    }
    return flags;
  }
}
