import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The benchmark's command line: a full run, or {@code --quick}, {@code --only=…}, {@code --update-readme}. */
record Settings(int warmupSlices, int sliceSeconds, int measureSeconds, long millionRequests,
    int scaleAgents, int scaleCredentials, int writeCredentials, int pairedRounds, int startPairs, int starts,
    Set<String> only, boolean updateReadme) {

  static Settings parse(String[] args) {
    boolean quick = false;
    boolean readme = false;
    Set<String> only = new TreeSet<>();
    for (String arg : args) {
      if (arg.equals("--quick")) {
        quick = true;
      } else if (arg.equals("--update-readme")) {
        readme = true;
      } else if (arg.startsWith("--only=")) {
        only.addAll(List.of(arg.substring("--only=".length()).split(",")));
      } else {
        throw new IllegalArgumentException("unknown argument " + arg
            + " (known: --quick, --update-readme, --only=" + String.join(",", TARGETS) + ")");
      }
    }
    for (String name : only) {
      if (!TARGETS.contains(name)) {
        throw new IllegalArgumentException("unknown target " + name + "; targets: " + TARGETS);
      }
    }
    if (readme && (quick || !only.isEmpty())) {
      throw new IllegalArgumentException("--update-readme takes a full run: no --quick, no --only");
    }
    return quick
        ? new Settings(2, 5, 5, 100_000, 10_000, 1_000, 1_000, 2, 2, 1, only, false)
        : new Settings(12, 10, 30, 1_000_000, 100_000, 1_000, 1_000, 10, 2, 5, only, readme);
  }

  boolean runs(String target) {
    return only.isEmpty() || only.contains(target);
  }

  /** The targets, in the table's order. */
  static final List<String> TARGETS = List.of(
      "nginx", "prism", "mock", "mock-memory", "server-h2-same", "server-h2-write", "server-pg-write",
      "server-h2-scale");
}
