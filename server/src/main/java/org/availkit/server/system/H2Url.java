package org.availkit.server.system;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An H2 JDBC URL taken apart as H2 reads it ({@code jdbc:h2:[prefix:]name[;SETTING=value]...}):
 * what the row cache asks (may other processes write it?) and what the file permissions ask (which
 * file is it?), from one reading.
 *
 * @param prefix H2's file-system or protocol prefix, lower case ({@code file}, {@code mem}, {@code
 *     tcp}, {@code split}, ...); empty when there is none. One letter before the colon is a Windows
 *     drive ({@code jdbc:h2:C:/data/availability}), not a prefix.
 * @param name the database's name after the prefix (a path for a file database)
 * @param settings the settings after the name, each stripped, empty ones left out
 */
public record H2Url(String prefix, String name, List<String> settings) {

  private static final String SCHEME = "jdbc:h2:";

  /** The URL taken apart, or empty when it is not an H2 URL. */
  public static Optional<H2Url> parse(String jdbcUrl) {
    if (jdbcUrl == null || !jdbcUrl.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
      return Optional.empty();
    }
    String[] parts = jdbcUrl.substring(SCHEME.length()).split(";");
    String name = parts[0].strip();
    int colon = name.indexOf(':');
    String prefix = colon > 1 ? name.substring(0, colon).toLowerCase(Locale.ROOT) : "";
    List<String> settings =
        Arrays.stream(parts).skip(1).map(String::strip).filter(s -> !s.isEmpty()).toList();
    return Optional.of(
        new H2Url(prefix, prefix.isEmpty() ? name : name.substring(colon + 1), settings));
  }

  /** Whether it names an embedded file database: no prefix, or {@code file:}. */
  public boolean isFile() {
    return prefix.isEmpty() || prefix.equals("file");
  }

  /** Whether H2 opens it in this process: a file or {@code mem:}. */
  public boolean isEmbedded() {
    return isFile() || prefix.equals("mem");
  }
}
