import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The memory of a group of processes, read from {@code /proc}: resident ({@code VmRSS} of {@code
 * status}, each process's own, so pages two processes share count twice) and proportional ({@code
 * Pss} of {@code smaps_rollup}, Linux 4.14 and later: each shared page split among the processes
 * that map it, so the group's sum counts shared memory once, as PostgreSQL's shared buffers need).
 * {@link #UNKNOWN} when a process that is still running cannot be read: a sum without it would be a
 * made-up figure, and 0 MB for a process that cannot be read was one.
 */
final class Memory {

  static final long UNKNOWN = -1;

  private final Path proc;

  /**
   * {@code proc}: where the kernel's process files are ({@code /proc}; another path to check this
   * class).
   */
  Memory(Path proc) {
    this.proc = proc;
  }

  /** The sum of the processes' {@code VmRSS}, in KiB, or {@link #UNKNOWN}. */
  long residentKb(List<ProcessHandle> processes) {
    return sum(processes, "status", "VmRSS:");
  }

  /** The sum of the processes' {@code Pss}, in KiB, or {@link #UNKNOWN}. */
  long proportionalKb(List<ProcessHandle> processes) {
    return sum(processes, "smaps_rollup", "Pss:");
  }

  private long sum(List<ProcessHandle> processes, String file, String field) {
    long total = 0;
    for (ProcessHandle p : processes) {
      long kb = read(p, file, field);
      if (kb == UNKNOWN) {
        return UNKNOWN;
      }
      total += kb;
    }
    return total;
  }

  /**
   * The field of the process's file, in KiB; 0 for a process that has exited (it holds no memory
   * now) and for a zombie (whose status has no VmRSS); {@link #UNKNOWN} otherwise.
   */
  private long read(ProcessHandle p, String file, String field) {
    List<String> lines;
    try {
      lines = Files.readAllLines(proc.resolve(String.valueOf(p.pid())).resolve(file));
    } catch (IOException e) {
      return p.isAlive() ? UNKNOWN : 0;
    }
    for (String line : lines) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.substring(field.length()).replaceAll("[^0-9]", ""));
      }
    }
    return !p.isAlive() || zombie(p) ? 0 : UNKNOWN;
  }

  private boolean zombie(ProcessHandle p) {
    try {
      return Files.readAllLines(proc.resolve(String.valueOf(p.pid())).resolve("status")).stream()
          .anyMatch(l -> l.matches("State:\\s+Z.*"));
    } catch (IOException e) {
      return false;
    }
  }

  /** Kibibytes as megabytes ("12.3 MB" with {@code "%.1f MB"}), or "unknown". */
  static String mb(long kb, String format) {
    return kb == UNKNOWN ? "unknown" : String.format(Locale.ROOT, format, kb / 1024.0);
  }
}
