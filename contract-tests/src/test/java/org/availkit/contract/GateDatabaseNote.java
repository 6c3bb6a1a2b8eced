package org.availkit.contract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints, under the contract gate's summary, the database its server ran on, as the server's driver
 * reported it to {@link KnownStartingState} ({@code target/gate-database.txt}), so that a reader of
 * the build's log sees whether the pacts, the differential and the hostile corpus ran on H2 or
 * PostgreSQL. A file older than this build's pacts is an earlier build's, and not shown.
 */
public final class GateDatabaseNote {

  private GateDatabaseNote() {}

  public static void main(String[] args) throws IOException {
    Path target = Path.of(args.length > 0 ? args[0] : "target");
    Path record = target.resolve("gate-database.txt");
    List<String> databases = List.of();
    if (Files.exists(record)
        && Files.getLastModifiedTime(record).toMillis() >= buildStart(target.resolve("pacts"))) {
      databases =
          Files.readAllLines(record, StandardCharsets.UTF_8).stream()
              .filter(l -> !l.isBlank())
              .toList();
    }
    if (databases.isEmpty()) {
      System.out.println("  gate's server: not run in this build");
    }
    for (String database : databases) {
      System.out.println("  gate's server ran on " + database);
    }
    System.out.println();
  }

  /** As the contract report reckons it: five seconds before this build's newest pact. */
  private static long buildStart(Path pacts) throws IOException {
    if (!Files.isDirectory(pacts)) {
      return Long.MIN_VALUE;
    }
    try (var files = Files.list(pacts)) {
      long newest = Long.MIN_VALUE + 5_000;
      for (Path f : files.toList()) {
        newest = Math.max(newest, Files.getLastModifiedTime(f).toMillis());
      }
      return newest - 5_000;
    }
  }
}
