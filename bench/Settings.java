import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The benchmark's command line: a full run, or {@code --quick}, {@code --only=…}, {@code
 * --update-readme}, {@code --server-arg=…}, {@code --warmup-slices=N} (N wrk slices of warm-up
 * instead of 12, or 2 with {@code --quick}, for a target still climbing at the end of its warm-up;
 * pgbench takes three at most). {@code serverArgs} go to every start of the server after its own
 * arguments, so that a setting can be measured against the defaults (never into the README's table,
 * which shows the server as it ships).
 */
record Settings(
    int warmupSlices,
    int sliceSeconds,
    int measureSeconds,
    long millionRequests,
    int scaleAgents,
    int scaleCredentials,
    int writeCredentials,
    int pairedRounds,
    int startPairs,
    int starts,
    Set<String> only,
    boolean updateReadme,
    List<String> serverArgs) {

  static Settings parse(String[] args) {
    boolean quick = false;
    boolean readme = false;
    Set<String> only = new TreeSet<>();
    List<String> serverArgs = new ArrayList<>();
    Integer warmupSlices = null;
    for (String arg : args) {
      if (arg.equals("--quick")) {
        quick = true;
      } else if (arg.equals("--update-readme")) {
        readme = true;
      } else if (arg.startsWith("--only=")) {
        only.addAll(List.of(arg.substring("--only=".length()).split(",")));
      } else if (arg.startsWith("--server-arg=")) {
        serverArgs.add(arg.substring("--server-arg=".length()));
      } else if (arg.startsWith("--warmup-slices=")) {
        try {
          warmupSlices = Integer.valueOf(arg.substring("--warmup-slices=".length()));
        } catch (NumberFormatException e) {
          warmupSlices = 0;
        }
        if (warmupSlices < 1) {
          throw new IllegalArgumentException("--warmup-slices takes a number of slices, 1 or more");
        }
      } else {
        throw new IllegalArgumentException(
            "unknown argument "
                + arg
                + " (known: --quick, --update-readme, --only="
                + String.join(",", TARGETS)
                + ", --server-arg=ARGUMENT, --warmup-slices=N)");
      }
    }
    for (String name : only) {
      if (!TARGETS.contains(name)) {
        throw new IllegalArgumentException("unknown target " + name + "; targets: " + TARGETS);
      }
    }
    if (readme && (quick || !only.isEmpty() || !serverArgs.isEmpty() || warmupSlices != null)) {
      throw new IllegalArgumentException(
          "--update-readme takes a full run of the server as it ships: no --quick,"
              + " no --only, no --server-arg, no --warmup-slices");
    }
    return quick
        ? new Settings(
            warmupSlices == null ? 2 : warmupSlices,
            5,
            5,
            100_000,
            10_000,
            1_000,
            1_000,
            2,
            2,
            1,
            only,
            false,
            List.copyOf(serverArgs))
        : new Settings(
            warmupSlices == null ? 12 : warmupSlices,
            10,
            30,
            1_000_000,
            100_000,
            1_000,
            1_000,
            10,
            4,
            5,
            only,
            readme,
            List.copyOf(serverArgs));
  }

  boolean runs(String target) {
    return only.isEmpty() || only.contains(target);
  }

  /** The targets, in the table's order. */
  static final List<String> TARGETS =
      List.of(
          "nginx",
          "prism",
          "mock",
          "mock-memory",
          "server-h2-same",
          "server-h2-write",
          "server-pg-write",
          "pgbench",
          "server-h2-scale",
          "server-h2-tail",
          "server-start",
          "server-h2-row-cache");
}
