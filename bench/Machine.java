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

/** The line that says when and on what a run was measured: date, cores, memory, and the tools' versions. */
final class Machine {

  private Machine() {}

  static String describe(Commands commands, Path work) throws IOException {
    String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
        .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.replaceFirst(".*:\\s*", "")).orElse("?");
    long memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
        .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
    return String.format(Locale.ROOT, "%s, %d cores (%s), %.0f GiB; %s %s; Java %s (%s); %s; %s; node %s; PostgreSQL %s",
        ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
        Runtime.getRuntime().availableProcessors(), cpu, memKb / 1048576.0,
        System.getProperty("os.name"), System.getProperty("os.version"),
        System.getProperty("java.version"), System.getProperty("java.vm.name"),
        firstLine("wrk", "-v"),
        firstLine("nginx", "-v"), version(commands, work, "node", "--version"),
        firstLine("bash", "-c", "ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1"));
  }

  /** The last non-blank line the command printed, or "?". */
  static String version(Commands commands, Path work, String... command) {
    try {
      return commands.run(work, List.of(command), Map.of()).lines().filter(l -> !l.isBlank())
          .reduce((a, b) -> b).orElse("?").strip();
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
