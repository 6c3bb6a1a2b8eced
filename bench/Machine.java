import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The line that says when and on what a run was measured: date, cores, memory, and the tools'
 * versions. PostgreSQL's is not among them: the run adds the version of the server it measured
 * ({@link Postgres}), which need not be the newest installed.
 */
final class Machine {

  private Machine() {}

  static String describe(Commands commands, Path work) {
    String cpu =
        procLines("cpuinfo").stream()
            .filter(l -> l.startsWith("model name"))
            .findFirst()
            .map(l -> l.replaceFirst(".*:\\s*", ""))
            .orElse("?");
    String memory =
        procLines("meminfo").stream()
            .filter(l -> l.startsWith("MemTotal"))
            .findFirst()
            .map(
                l ->
                    String.format(
                        Locale.ROOT,
                        "%.0f GiB",
                        Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0))
            .orElse("memory unknown");
    return String.format(
        Locale.ROOT,
        "%s, %d cores (%s), %s; %s %s; Java %s (%s); %s; %s; node %s",
        ZonedDateTime.now(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
        Runtime.getRuntime().availableProcessors(),
        cpu,
        memory,
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        firstLine("wrk", "-v"),
        firstLine("nginx", "-v"),
        version(commands, work, "node", "--version"));
  }

  /**
   * The lines of {@code /proc/NAME}, none when it cannot be read (then the line says unknown, not
   * 0).
   */
  private static List<String> procLines(String name) {
    try {
      return Files.readAllLines(Path.of("/proc", name));
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The last non-blank line the command printed, or "?". */
  static String version(Commands commands, Path work, String... command) {
    try {
      return commands
          .run(work, List.of(command), Map.of())
          .lines()
          .filter(l -> !l.isBlank())
          .reduce((a, b) -> b)
          .orElse("?")
          .strip();
    } catch (Exception e) {
      return "?";
    }
  }

  /** The first line the command printed (whatever its exit status), or "?". */
  private static String firstLine(String... command) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      return out.lines().findFirst().orElse("?").strip();
    } catch (Exception e) {
      return "?";
    }
  }
}
