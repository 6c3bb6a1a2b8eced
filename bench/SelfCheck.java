import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Checks of the benchmark's own readings, in about a second and without a target: the memory of
 * processes from a fake {@code /proc}, an absent one and the real one, the machine's line, and the
 * table's cell for a memory that could not be read. bench/run runs it before the benchmark. {@code
 * --postgres} also finds the PostgreSQL server the way server-pg-write does (as root, with it
 * running: {@code bash .ci/start-postgres}, its database and role), prints its version and its
 * processes' memory, and checks that a target on it counts them.
 */
final class SelfCheck {

  private static int checks;

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("bench-self-check");
    try {
      memory(dir);
      machine(dir);
      table();
      if (List.of(args).contains("--postgres")) {
        postgres(dir);
      }
    } finally {
      Bench.deleteTree(dir);
    }
    System.out.println("bench self-check: " + checks + " checks passed");
  }

  static void memory(Path dir) throws Exception {
    ProcessHandle self = ProcessHandle.current();
    Process child = new ProcessBuilder("sleep", "60").start();
    Process exited = new ProcessBuilder("true").start();
    exited.waitFor(10, TimeUnit.SECONDS);
    try {
      Path proc = Files.createDirectories(dir.resolve("proc"));
      status(
          proc,
          self.pid(),
          "Name:\tjava\nState:\tS (sleeping)\nVmRSS:\t    1234 kB\n",
          "Rss: 1234 kB\nPss:  1000 kB\n");
      status(
          proc,
          child.pid(),
          "Name:\tsleep\nState:\tS (sleeping)\nVmRSS:\t     100 kB\n",
          "Pss: 60 kB\n");
      Memory fake = new Memory(proc);
      check(
          fake.residentKb(List.of(self, child.toHandle())) == 1334,
          "VmRSS summed over the processes");
      check(
          fake.proportionalKb(List.of(self, child.toHandle())) == 1060,
          "Pss summed over the processes");
      check(
          fake.residentKb(List.of(self, exited.toHandle())) == 1234,
          "a process that has exited counts 0");

      Memory absent = new Memory(dir.resolve("no-proc"));
      check(absent.residentKb(List.of(self)) == Memory.UNKNOWN, "no /proc: unknown, not 0");
      check(absent.proportionalKb(List.of(self)) == Memory.UNKNOWN, "no /proc: Pss unknown, not 0");
      check(
          Memory.mb(absent.residentKb(List.of(self)), "%.0f MB").equals("unknown"),
          "unknown prints as unknown");

      status(proc, child.pid(), "Name:\tsleep\nState:\tS (sleeping)\n", "");
      check(
          fake.residentKb(List.of(self, child.toHandle())) == Memory.UNKNOWN,
          "a running process without VmRSS: unknown, not left out");
      status(proc, child.pid(), "Name:\tsleep\nState:\tZ (zombie)\n", "");
      check(
          fake.residentKb(List.of(self, child.toHandle())) == 1234, "a zombie (no VmRSS) counts 0");

      Memory real = new Memory(Path.of("/proc"));
      if (Files.isDirectory(Path.of("/proc/self"))) {
        check(real.residentKb(List.of(self)) > 0, "this JVM's resident memory from the real /proc");
      }
    } finally {
      child.destroyForcibly();
    }
  }

  static void machine(Path dir) {
    String line = Machine.describe(new Commands(new StringBuilder()), dir);
    check(
        !line.contains("PostgreSQL"),
        "the machine line names no PostgreSQL (the run adds the one it measured): " + line);
    check(!line.contains(" 0 GiB"), "the machine's memory, or unknown: " + line);
  }

  static void table() {
    Wrk wrk = new Wrk(1000, 1_000_000, 100, 200, 300, 0);
    Row row = new Row("mock", "the mock", 700, wrk, wrk, Memory.UNKNOWN, 19_000, List.of(1000.0));
    String table =
        Report.table(
            "a machine",
            Settings.parse(new String[] {"--quick"}),
            new ArrayList<>(List.of(row)),
            new ArrayList<>());
    check(
        table.contains("| 0 | unknown | 19 MB |"), "the table's RSS cell says unknown:\n" + table);
    check(!table.contains("| 0 MB |"), "no 0 MB for a memory that could not be read");
  }

  static void postgres(Path dir) throws Exception {
    // The database .ci/start-postgres creates; the benchmark's own (availability_bench) exists only
    // during its run.
    Postgres pg =
        Postgres.find(
            new Commands(new StringBuilder()),
            dir,
            Map.of(
                "AVAILKIT_DB_NAME",
                "availability",
                "AVAILKIT_DB_USER",
                "availability",
                "AVAILKIT_DB_PASSWORD",
                "availability"));
    System.out.println("  " + pg.describe());
    List<ProcessHandle> processes = pg.processes();
    Memory memory = new Memory(Path.of("/proc"));
    System.out.println(
        "  "
            + processes.size()
            + " processes: "
            + Memory.mb(memory.residentKb(processes), "%.1f MB")
            + " resident, "
            + Memory.mb(memory.proportionalKb(processes), "%.1f MB")
            + " proportional");
    check(pg.version().matches("\\d+(\\.\\d+)?\\b.*"), "a server version: " + pg.version());
    check(processes.size() > 1, "the postmaster and its children");
    check(memory.residentKb(processes) > 0, "their resident memory");

    // A target on PostgreSQL counts the server's processes in its own memory.
    Process client = new ProcessBuilder("sleep", "60").start();
    try (Target t =
        new Target(
            "pg-client",
            client,
            System.nanoTime(),
            dir.resolve("pg-client.log"),
            new Commands(new StringBuilder()),
            null,
            memory)) {
      long alone = t.rssKb();
      t.database = pg;
      long withDatabase = t.rssKb();
      long postmaster = memory.residentKb(List.of(pg.postmaster()));
      System.out.println(
          "  a target's resident memory: "
              + Memory.mb(alone, "%.1f MB")
              + " alone, "
              + Memory.mb(withDatabase, "%.1f MB")
              + " with the PostgreSQL server's processes");
      check(
          withDatabase >= alone + postmaster,
          "a PostgreSQL target's memory includes the server's processes");
    }
  }

  private static void status(Path proc, long pid, String status, String smapsRollup)
      throws Exception {
    Path d = Files.createDirectories(proc.resolve(String.valueOf(pid)));
    Files.writeString(d.resolve("status"), status);
    Files.writeString(d.resolve("smaps_rollup"), smapsRollup);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError("bench self-check failed: " + what);
    }
    checks++;
  }
}
