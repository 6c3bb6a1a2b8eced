import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The benchmark: every target on this machine in one run, measured the same way. Run it through
 * {@code bench/run}, which builds the jars once and installs the tools; see the README.
 *
 * <p>For each target: start it and time the first successful {@code PUT
 * /api/v1/agents/me/availability}; warm it up with wrk in slices until the JIT has settled (the
 * slices are printed, so the plateau shows); then wrk at {@code -t2 -c64} and {@code -t1 -c32}:
 * requests/s, p50, p99, errors; then the resident memory of the target's processes. Afterwards the
 * mock takes a million more requests with its memory sampled, and the server takes the load spread
 * over 1,000 credentials with 100,000 agents in its database.
 *
 * <p>Uses the JDK only (bench/run compiles it with javac), so that it needs nothing the project
 * does not already need, plus the tools it measures with. This file runs the targets and measures
 * them; beside it: {@link Settings} (the command line), {@link Target} (a started process), {@link
 * Commands} (a command run to its end), {@link Wrk} and {@link Row} (results) and {@link Report}
 * (the table). It is longer than the project's other classes because it is the run's script: one
 * method a target, in the order the table lists them, sharing the run's settings, rows and notes;
 * what is not a step of the run lives in those classes.
 */
public class Bench {

  static final String PUT_PATH = "/api/v1/agents/me/availability";

  final Settings settings;
  final Path root;
  final Path work;
  final Path serverJar;
  final Path mockJar;
  final Path mockRun;
  final Path spec;
  final List<Row> rows = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
  final StringBuilder log = new StringBuilder();
  final Commands commands = new Commands(log);
  final Memory memory = new Memory(Path.of("/proc"));

  /** The PostgreSQL server server-pg-write ran against, once it has run. */
  Postgres measuredPostgres;

  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  Bench(Settings settings, Path root) throws IOException {
    this.settings = settings;
    this.root = root;
    this.work = root.resolve("bench/target/run");
    this.serverJar = root.resolve("server/target/availability-server.jar");
    this.mockJar = root.resolve("mock/target/availability-mock.jar");
    this.mockRun = root.resolve("mock/run");
    this.spec = root.resolve("api-spec/src/main/resources/openapi.yaml");
    for (Path p : List.of(serverJar, mockJar, mockRun, spec)) {
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException(p + " is missing: run bench/run, which builds it");
      }
    }
    deleteTree(work);
    Files.createDirectories(work);
  }

  public static void main(String[] args) throws Exception {
    Settings settings;
    try {
      settings = Settings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    Bench bench = new Bench(settings, Path.of("").toAbsolutePath());
    bench.run();
  }

  void run() throws Exception {
    String machine = Machine.describe(commands, work);
    say("# " + machine.replace("\n", "\n# "));
    if (settings.runs("nginx")) {
      nginx();
    }
    if (settings.runs("prism")) {
      prism();
    }
    if (settings.runs("mock") || settings.runs("mock-memory")) {
      mock();
    }
    boolean pairScale = settings.runs("server-h2-same") && settings.runs("server-h2-scale");
    if (pairScale) {
      serverSingleAgentAndScale();
    } else if (settings.runs("server-h2-same")) {
      serverSingleAgent();
    }
    if (settings.runs("server-h2-write")) {
      serverWrites("server-h2-write", false);
    }
    if (settings.runs("server-pg-write")) {
      serverWrites("server-pg-write", true);
    }
    if (settings.runs("pgbench")) {
      pgbench();
    }
    if (settings.runs("server-h2-scale") && !pairScale) {
      serverScale();
    }
    if (settings.runs("server-h2-tail")) {
      serverTail();
    }
    if (settings.runs("server-start")) {
      serverStarts();
    }
    // Named only: a comparison of a setting, not a line of the table.
    if (settings.only().contains("server-h2-row-cache")) {
      rowCache();
    }
    rows.sort(Comparator.comparingInt(r -> Settings.TARGETS.indexOf(r.target())));
    if (measuredPostgres != null) {
      machine += "; PostgreSQL " + measuredPostgres.version();
    }
    String table = Report.table(machine, settings, rows, notes);
    Files.writeString(root.resolve("bench/target/results.md"), table);
    Files.writeString(root.resolve("bench/target/bench.log"), log);
    System.out.println();
    System.out.println(table);
    if (settings.updateReadme()) {
      Report.updateReadme(root, table);
      say("README.md updated");
    }
  }

  // ---- targets --------------------------------------------------------------------------------

  void nginx() throws Exception {
    int port = freePort();
    Path dir = Files.createDirectories(work.resolve("nginx"));
    String body = exampleBody();
    Files.writeString(
        dir.resolve("nginx.conf"),
        """
        worker_processes auto;
        daemon off;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 4096; }
        http {
          access_log off;
          client_body_temp_path %1$s;
          proxy_temp_path %1$s;
          fastcgi_temp_path %1$s;
          uwsgi_temp_path %1$s;
          scgi_temp_path %1$s;
          server {
            listen 127.0.0.1:%2$d;
            location / {
              default_type application/json;
              return 200 '%3$s';
            }
          }
        }
        """
            .formatted(dir, port, body.replace("'", "\\'")));
    Path creds = credentialsFile("nginx", List.of("ak_any:as_any"));
    try (Target t =
        startReady(
            "nginx",
            dir,
            List.of("nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString()),
            Map.of(),
            port,
            "ak_any:as_any")) {
      long ready = t.readyMillis;
      measure(
          t,
          "nginx",
          "ceiling: `return 200` with the spec's example body",
          ready,
          port,
          creds,
          "same");
    }
  }

  void prism() throws Exception {
    int port = freePort();
    Path dir = Files.createDirectories(work.resolve("prism"));
    Path prism = root.resolve("bench/prism/node_modules/@stoplight/prism-cli/dist/index.js");
    if (!Files.isRegularFile(prism)) {
      throw new IllegalStateException(
          prism + " is missing: bench/run installs it (npm ci in bench/prism)");
    }
    // Prism logs every request at its default level; warn keeps its log out of the figures.
    List<String> command =
        List.of(
            "node",
            prism.toString(),
            "mock",
            "-h",
            "127.0.0.1",
            "-p",
            String.valueOf(port),
            "--verboseLevel",
            "warn",
            spec.toString());
    Path creds = credentialsFile("prism", List.of("ak_demo:as_demo"));
    try (Target t = startReady("prism", dir, command, Map.of(), port, "ak_demo:as_demo")) {
      long ready = t.readyMillis;
      measure(
          t,
          "prism",
          "Stoplight Prism "
              + Machine.version(commands, work, "node", prism.toString(), "--version")
              + ", mocking the same spec",
          ready,
          port,
          creds,
          "same");
    }
  }

  void mock() throws Exception {
    int port = freePort();
    Path dir = Files.createDirectories(work.resolve("mock"));
    Path creds = credentialsFile("mock", List.of("ak_demo:as_demo"));
    if (settings.runs("mock")) {
      // For comparison: the jar alone, without the class archive that mock/run adds.
      try (Target jarAlone =
          startReady(
              "mock-jar-alone",
              dir,
              List.of(java(), "-jar", mockJar.toString(), "--port", String.valueOf(port)),
              Map.of(),
              port,
              "ak_demo:as_demo")) {
        notes.add(
            String.format(
                Locale.ROOT,
                "Mock started with `java -jar availability-mock.jar` alone, without"
                    + " the class archive: %,d ms to the first answer (median of %d starts).",
                jarAlone.readyMillis,
                settings.starts()));
      }
    }
    // As the README starts it: the script execs java, so the process is the mock's JVM.
    try (Target t =
        startReady(
            "mock",
            dir,
            List.of(mockRun.toString(), "--port", String.valueOf(port)),
            Map.of(),
            port,
            "ak_demo:as_demo")) {
      long ready = t.readyMillis;
      if (settings.runs("mock")) {
        measure(
            t,
            "mock",
            "`mock/run` (the jar and its class archive), the demo agent",
            ready,
            port,
            creds,
            "same");
      }
      if (settings.runs("mock-memory")) {
        memoryOverTime(t, port, creds);
      }
    }
  }

  /**
   * The mock under a million more requests (and at least half the warm-up's number of slices, so
   * that the samples span a minute), alternating, with its resident memory after every slice.
   */
  void memoryOverTime(Target t, int port, Path creds) throws Exception {
    say(
        "## mock-memory: "
            + settings.millionRequests()
            + " requests, resident memory after every slice");
    long liveBefore = t.liveHeapKb();
    List<long[]> samples = new ArrayList<>();
    samples.add(new long[] {0, t.rssKb()});
    long total = 0;
    int minSlices = Math.max(1, settings.warmupSlices() / 2);
    for (int slice = 0;
        slice < 200 && (total < settings.millionRequests() || slice < minSlices);
        slice++) {
      Wrk w = wrk(port, 2, 64, settings.sliceSeconds(), creds, "alternate");
      total += w.requests();
      samples.add(new long[] {total, t.rssKb()});
      say(
          String.format(
              Locale.ROOT,
              "  %,10d requests  %10s  (%,.0f req/s, %d errors)",
              total,
              Memory.mb(samples.get(samples.size() - 1)[1], "%.1f MB"),
              w.perSecond(),
              w.errors()));
    }
    long liveAfter = t.liveHeapKb();
    boolean unknown = samples.stream().skip(1).anyMatch(s -> s[1] == Memory.UNKNOWN);
    long first = samples.get(1)[1];
    long last = samples.get(samples.size() - 1)[1];
    long max =
        unknown ? Memory.UNKNOWN : samples.stream().skip(1).mapToLong(s -> s[1]).max().orElse(0);
    notes.add(
        String.format(
            Locale.ROOT,
            "Mock memory over time: %,d requests (alternating statuses) after the measurement above; resident memory"
                + " %s after the first slice, %s at the end, %s at most (%s first to last); Java heap"
                + " in use after a full GC %.1f MB before these requests and %.1f MB after them.",
            total,
            Memory.mb(first, "%.1f MB"),
            Memory.mb(last, "%.1f MB"),
            Memory.mb(max, "%.1f MB"),
            unknown
                ? "unknown"
                : String.format(Locale.ROOT, "%+.1f %%", 100.0 * (last - first) / first),
            liveBefore / 1024.0,
            liveAfter / 1024.0));
  }

  void serverSingleAgent() throws Exception {
    Server one = singleAgent();
    runServer(one, s -> measure(List.of(s)));
  }

  /**
   * The same-status path's tail: one agent on the embedded database, as server-h2-same, but loaded
   * with wrk's static request (static.lua) and, after the warm-up, {@link #TAIL_RUNS} consecutive
   * runs at -t2 -c64 whose p50, p99 and maximum are each reported: one run's p99 says little about
   * a tail that comes and goes.
   */
  void serverTail() throws Exception {
    String name = "server-h2-tail";
    Path dir = Files.createDirectories(work.resolve(name));
    Path creds = credentialsFile(name, createAgents(dir, false, 1));
    int seconds = Math.min(20, settings.measureSeconds());
    Server server =
        new Server(
            dir, name, "embedded H2, one agent, same status, static request", false, creds, "same");
    runServer(
        server,
        s -> {
          say("## " + name + ": " + s.what() + ", ready after " + s.readyMillis() + " ms");
          for (int i = 0; i < settings.warmupSlices(); i++) {
            Wrk w = wrk("static.lua", s.port(), 2, 64, settings.sliceSeconds(), creds, "same");
            say(
                String.format(
                    Locale.ROOT,
                    "  warm-up %3d s: %,9.0f req/s  p99 %s",
                    (i + 1) * settings.sliceSeconds(),
                    w.perSecond(),
                    Report.millis(w.p99Micros())));
          }
          List<Wrk> runs = new ArrayList<>();
          for (int i = 0; i < TAIL_RUNS; i++) {
            Wrk w = wrk("static.lua", s.port(), 2, 64, seconds, creds, "same");
            runs.add(w);
            say(
                String.format(
                    Locale.ROOT,
                    "  run %d (%d s): %,9.0f req/s  p50 %s  p99 %s  max %s  errors %d",
                    i + 1,
                    seconds,
                    w.perSecond(),
                    Report.millis(w.p50Micros()),
                    Report.millis(w.p99Micros()),
                    Report.millis(w.maxMicros()),
                    w.errors()));
          }
          notes.add(Report.tail(name, seconds, runs));
        });
  }

  static final int TAIL_RUNS = 5;

  void serverWrites(String name, boolean postgres) throws Exception {
    Path dir = Files.createDirectories(work.resolve(name));
    List<String> credentials = createAgents(dir, postgres, settings.writeCredentials());
    if (postgres) {
      // The server measured, found before the measurement so that a failure to find it comes early.
      measuredPostgres = Postgres.find(commands, dir, postgresEnv(true));
      say("  " + measuredPostgres.describe());
    }
    Server server =
        new Server(
            dir,
            name,
            (postgres ? "PostgreSQL" : "embedded H2")
                + ", "
                + credentials.size()
                + " agents, alternating statuses (every request a write)",
            postgres,
            credentialsFile(name, credentials),
            "alternate");
    runServer(server, s -> measure(List.of(s)));
  }

  /**
   * PostgreSQL alone, the yardstick of server-pg-write: pgbench (PostgreSQL's own, from the same
   * installation) sending the single-row update a status change comes down to, {@code UPDATE agents
   * SET availability_status = …, updated_at = now() WHERE id = …}, to the same table of the same
   * agents (made as for server-pg-write, right after it), at the same connection counts and threads
   * as wrk's two lines, with synchronous commit as the server has it. As with wrk's threads, each
   * pgbench client owns its agents (those whose index is its number modulo the clients: 960 of the
   * 1,000 at -c64, 992 at -c32), so no two updates wait on one row, and each of its updates asks
   * for the other status. Latencies from pgbench's per-transaction log ({@code -l}: its third field
   * is the transaction's time in microseconds, "pgbench", "Per-Transaction Logging").
   */
  void pgbench() throws Exception {
    String name = "pgbench";
    Path dir = Files.createDirectories(work.resolve(name));
    int agents = createAgents(dir, true, settings.writeCredentials()).size();
    Map<String, String> env = postgresEnv(true);
    Postgres postgres = Postgres.find(commands, dir, env);
    if (measuredPostgres == null) {
      measuredPostgres = postgres;
    }
    // The agents' ids, which the script computes from the first: one run of them, every agent's.
    String[] ids =
        commands
            .run(
                dir,
                psql(
                    env, "SELECT min(id) || ' ' || (max(id) - min(id) + 1 = count(*)) FROM agents"),
                Map.of("PGPASSWORD", env.get("AVAILKIT_DB_PASSWORD")))
            .strip()
            .split(" ");
    if (!ids[1].equals("true")) {
      throw new IllegalStateException("the agents' ids are not one run from " + ids[0]);
    }
    String first = ids[0];
    Path script = dir.resolve("update.sql");
    Files.writeString(
        script,
        String.join(
            "\n",
            "\\set id :first + :client_id + :clients * random(0, :agents / :clients - 1)",
            // Each client's own variable (-D sets its first value): every update of the client
            // asks for the other status, as the server's load does.
            "\\set away 1 - :away",
            "UPDATE agents SET availability_status = CASE WHEN :away = 1 THEN 'away' ELSE 'online'"
                + " END, updated_at = now() WHERE id = :id;",
            ""));
    String what =
        "PostgreSQL alone: pgbench, the same single-row UPDATE on the same table and "
            + agents
            + " agents";
    say("## " + name + ": " + what);
    List<Double> warmup = new ArrayList<>();
    for (int i = 0; i < Math.min(3, settings.warmupSlices()); i++) {
      Wrk w = pgbenchRun(dir, script, env, first, agents, 2, 64, settings.sliceSeconds());
      warmup.add(w.perSecond());
      say(String.format(Locale.ROOT, "  warm-up: %,9.0f tps", w.perSecond()));
    }
    // PostgreSQL's memory halfway through the -c64 run, its 64 backends connected (after the run
    // they are gone; the server's pool keeps its connections, so its line counts them after it).
    java.util.concurrent.ScheduledExecutorService sampler =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    java.util.concurrent.Future<Long> rss =
        sampler.schedule(
            () -> memory.residentKb(postgres.processes()),
            settings.measureSeconds() * 500L,
            TimeUnit.MILLISECONDS);
    Wrk c64;
    try {
      c64 = pgbenchRun(dir, script, env, first, agents, 2, 64, settings.measureSeconds());
    } finally {
      sampler.shutdown();
    }
    say(pgbenchLine("-j2 -c64", c64));
    Wrk c32 = pgbenchRun(dir, script, env, first, agents, 1, 32, settings.measureSeconds());
    say(pgbenchLine("-j1 -c32", c32));
    rows.add(new Row(name, what, -1, c64, c32, rss.get(), -1, warmup));
  }

  static String pgbenchLine(String shape, Wrk w) {
    return String.format(
        Locale.ROOT,
        "  %s: %,9.0f tps  p50 %s  p99 %s  failed %d",
        shape,
        w.perSecond(),
        Report.millis(w.p50Micros()),
        Report.millis(w.p99Micros()),
        w.errors());
  }

  List<String> psql(Map<String, String> env, String query) {
    List<String> command = new ArrayList<>(List.of("psql"));
    command.addAll(connection(env));
    command.addAll(List.of("-d", env.get("AVAILKIT_DB_NAME"), "-qtAX", "-c", query));
    return command;
  }

  /** How psql and pgbench reach the server's PostgreSQL: its host, port and user. */
  static List<String> connection(Map<String, String> env) {
    return List.of("-h", Postgres.HOST, "-p", Postgres.PORT, "-U", env.get("AVAILKIT_DB_USER"));
  }

  /** pgbench with {@code args} after its connection flags. */
  static List<String> pgbench(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of("pgbench", "-n"));
    command.addAll(connection(env));
    command.addAll(List.of(args));
    return command;
  }

  /** One pgbench run, as a {@link Wrk} (transactions for requests, failed ones for errors). */
  Wrk pgbenchRun(
      Path dir,
      Path script,
      Map<String, String> env,
      String first,
      int agents,
      int threads,
      int clients,
      int seconds)
      throws Exception {
    Path logs = Files.createDirectories(dir.resolve("log-" + System.nanoTime()));
    String out =
        commands.run(
            dir,
            pgbench(
                env,
                "-j",
                String.valueOf(threads),
                "-c",
                String.valueOf(clients),
                "-T",
                String.valueOf(seconds),
                "-D",
                "first=" + first,
                "-D",
                "agents=" + agents,
                "-D",
                "clients=" + clients,
                "-D",
                "away=0",
                "-f",
                script.toString(),
                "-l",
                "--log-prefix=" + logs.resolve("tx"),
                env.get("AVAILKIT_DB_NAME")),
            Map.of("PGPASSWORD", env.get("AVAILKIT_DB_PASSWORD")));
    long transactions =
        Long.parseLong(field(out, "number of transactions actually processed: (\\d+)"));
    double tps =
        Double.parseDouble(field(out, "tps = ([0-9.]+) \\(without initial connection time\\)"));
    Matcher failed = Pattern.compile("number of failed transactions: (\\d+)").matcher(out);
    List<Long> latencies = new ArrayList<>();
    try (Stream<Path> files = Files.list(logs)) {
      for (Path file : files.toList()) {
        for (String line : Files.readAllLines(file)) {
          latencies.add(Long.parseLong(line.split(" ")[2]));
        }
      }
    }
    deleteTree(logs);
    if (latencies.isEmpty()) {
      throw new IllegalStateException("pgbench logged no transaction:\n" + out);
    }
    Collections.sort(latencies);
    return new Wrk(
        transactions,
        Math.round(transactions * 1e6 / tps),
        latencies.get(latencies.size() / 2),
        latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(latencies.size() * 0.99) - 1)),
        latencies.get(latencies.size() - 1),
        failed.find() ? Long.parseLong(failed.group(1)) : 0);
  }

  static String field(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no " + regex + " in what pgbench printed:\n" + out);
    }
    return m.group(1);
  }

  void serverScale() throws Exception {
    Server scale = scale();
    runServer(scale, s -> measure(List.of(s)));
  }

  /**
   * The single agent and the scale run side by side: both servers are started, and every slice of
   * warm-up and measurement alternates between them, so that the scale figure is compared with a
   * single-agent figure taken on the same machine at the same time. Then paired rounds (one slice
   * of each, the order swapped every round) give the ratio and its spread.
   *
   * <p>A server process keeps its own speed for its whole life, several per cent off another start
   * of the same jar on the same data: as much as the difference measured here. Which start gained
   * has gone both ways (the one started second in two side-by-side tests of two equal databases;
   * the one started first in both pairs of two full runs). So the ratio is taken over {@code
   * settings.startPairs} pairs of starts, the start order swapped from one pair to the next, each
   * warmed up again, and reported by start order too; the table's lines come from the first pair.
   */
  void serverSingleAgentAndScale() throws Exception {
    Server one = singleAgent();
    Server scale = scale();
    List<List<Double>> pairs = new ArrayList<>();
    runServer(
        one,
        a ->
            runServer(
                scale,
                b -> {
                  measure(List.of(a, b));
                  pairs.add(pairedRounds(a, b, 1));
                }));
    for (int pair = 2; pair <= settings.startPairs(); pair++) {
      boolean scaleFirst = pair % 2 == 0;
      say(
          String.format(
              Locale.ROOT,
              "## scale, pair of starts %d: %s started first, warmed up again",
              pair,
              scaleFirst ? scale.name : one.name));
      int number = pair;
      try (Target first = startOnce(scaleFirst ? scale : one);
          Target second = startOnce(scaleFirst ? one : scale)) {
        Subject a = subject(scaleFirst ? second : first, one);
        Subject b = subject(scaleFirst ? first : second, scale);
        warmUp(List.of(a, b));
        pairs.add(pairedRounds(a, b, number));
      }
    }
    notes.add(Report.scalePairs(settings, pairs));
  }

  /**
   * Paired rounds on the single-agent server {@code a} and the scale server {@code b}: scale/one
   * per round.
   */
  List<Double> pairedRounds(Subject a, Subject b, int pair) throws Exception {
    List<Double> ratios = new ArrayList<>();
    for (int round = 0; round < settings.pairedRounds(); round++) {
      Subject first = round % 2 == 0 ? a : b;
      Subject second = first == a ? b : a;
      double x =
          wrk(first.port, 2, 64, settings.sliceSeconds(), first.creds, first.mode).perSecond();
      double y =
          wrk(second.port, 2, 64, settings.sliceSeconds(), second.creds, second.mode).perSecond();
      double ratio = first == a ? y / x : x / y;
      ratios.add(ratio);
      say(
          String.format(
              Locale.ROOT,
              "  pair %d, round %d: %s %,.0f req/s, %s %,.0f req/s: scale/one %.3f",
              pair,
              round + 1,
              first.name,
              x,
              second.name,
              y,
              ratio));
    }
    say(
        String.format(
            Locale.ROOT, "  pair %d: median scale/one %.3f", pair, Report.median(ratios)));
    return ratios;
  }

  /** Starts an embedded-database server once (no median of starts), until its first 200. */
  Target startOnce(Server server) throws Exception {
    int port = freePort();
    String first = Files.readAllLines(server.creds).get(0);
    Target t =
        start(server.name, server.dir, serverCommand(server, port), postgresEnv(server.postgres));
    try {
      t.readyMillis = t.waitReady(port, first);
      t.port = port;
      return t;
    } catch (Exception e) {
      t.close();
      throw e;
    }
  }

  Subject subject(Target t, Server server) {
    return new Subject(
        t, server.name, server.what, t.readyMillis, t.port, server.creds, server.mode);
  }

  Server singleAgent() throws Exception {
    Path dir = Files.createDirectories(work.resolve("server-h2-same"));
    String credential = createAgents(dir, false, 1).get(0);
    return new Server(
        dir,
        "server-h2-same",
        "embedded H2, one agent, same status (no write)",
        false,
        credentialsFile("server-h2-same", List.of(credential)),
        "same");
  }

  Server scale() throws Exception {
    Path dir = Files.createDirectories(work.resolve("server-h2-scale"));
    List<String> all = createAgents(dir, false, settings.scaleAgents());
    List<String> spread = new ArrayList<>();
    int step = all.size() / settings.scaleCredentials();
    for (int i = 0; i < all.size() && spread.size() < settings.scaleCredentials(); i += step) {
      spread.add(all.get(i));
    }
    return new Server(
        dir,
        "server-h2-scale",
        String.format(
            Locale.ROOT,
            "embedded H2, %,d agents, load over %,d credentials, same status",
            all.size(),
            spread.size()),
        false,
        credentialsFile("server-h2-scale", spread),
        "same");
  }

  /**
   * Whether the row cache ({@code availkit.agent-row-cache}) earns its place, for reads and for
   * writes: for each, two servers on databases of their own with the same agents, one with the
   * cache and one with {@code --availkit.agent-row-cache=false}, run side by side (warm-up slices
   * alternating, then paired rounds with the order swapped every round, at least three), so both
   * see the same machine at the same time. The start order is swapped from reads to writes.
   */
  void rowCache() throws Exception {
    rowCachePair("reads", "one agent, same status, no write", 1, "same", false);
    rowCachePair(
        "writes",
        settings.writeCredentials() + " agents, alternating statuses, every request a write",
        settings.writeCredentials(),
        "alternate",
        true);
  }

  void rowCachePair(String workload, String what, int agents, String mode, boolean offFirst)
      throws Exception {
    Server on =
        rowCacheServer(
            "row-cache-on-" + workload,
            "embedded H2, row cache on, " + what,
            agents,
            mode,
            List.of());
    Server off =
        rowCacheServer(
            "row-cache-off-" + workload,
            "embedded H2, row cache off, " + what,
            agents,
            mode,
            List.of("--availkit.agent-row-cache=false"));
    say(
        String.format(
            Locale.ROOT,
            "## row cache, %s: %s started first",
            workload,
            offFirst ? off.name : on.name));
    try (Target first = startOnce(offFirst ? off : on);
        Target second = startOnce(offFirst ? on : off)) {
      Subject a = subject(offFirst ? second : first, on);
      Subject b = subject(offFirst ? first : second, off);
      warmUp(List.of(a, b));
      int rounds = Math.max(3, settings.pairedRounds());
      List<Double> onRates = new ArrayList<>();
      List<Double> offRates = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        boolean onFirst = round % 2 == 0;
        double x =
            wrk(
                    (onFirst ? a : b).port,
                    2,
                    64,
                    settings.sliceSeconds(),
                    (onFirst ? a : b).creds,
                    mode)
                .perSecond();
        double y =
            wrk(
                    (onFirst ? b : a).port,
                    2,
                    64,
                    settings.sliceSeconds(),
                    (onFirst ? b : a).creds,
                    mode)
                .perSecond();
        double withCache = onFirst ? x : y;
        double without = onFirst ? y : x;
        onRates.add(withCache);
        offRates.add(without);
        ratios.add(withCache / without);
        say(
            String.format(
                Locale.ROOT,
                "  %s, round %d (%s first): on %,.0f req/s, off %,.0f req/s: on/off %.3f",
                workload,
                round + 1,
                onFirst ? "on" : "off",
                withCache,
                without,
                withCache / without));
      }
      notes.add(
          String.format(
              Locale.ROOT,
              "Row cache, %s (%s): the server with the cache does %s against one started with"
                  + " --availkit.agent-row-cache=false (on/off, median of %d paired rounds of %d s at -t2 -c64, the order"
                  + " swapped every round; rounds from %s to %s); median req/s %,.0f on, %,.0f off.",
              workload,
              what,
              percent(Report.median(ratios)),
              rounds,
              settings.sliceSeconds(),
              percent(Collections.min(ratios)),
              percent(Collections.max(ratios)),
              Report.median(onRates),
              Report.median(offRates)));
      say("  " + notes.get(notes.size() - 1));
    }
  }

  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%+.1f %%", 100 * (ratio - 1));
  }

  Server rowCacheServer(String name, String what, int agents, String mode, List<String> args)
      throws Exception {
    Path dir = Files.createDirectories(work.resolve(name));
    return new Server(
        dir,
        name,
        what,
        false,
        credentialsFile(name, createAgents(dir, false, agents)),
        mode,
        args);
  }

  /**
   * The server's start and a command line's, as the README gives them, {@code server/run} (the
   * extracted jar and the build's class archive) against {@code java -jar}, on one database of a
   * single agent: {@code settings.starts} rounds, each a start of the server to its first 200 and
   * an {@code agents list} by each way, which goes first swapped from round to round, so that both
   * see the same machine. Notes under the table, not lines of it: the medians and the median of the
   * rounds' ratios.
   */
  void serverStarts() throws Exception {
    Path dir = Files.createDirectories(work.resolve("server-start"));
    String credential = createAgents(dir, false, 1).get(0);
    // server/run takes the Java it was built with from JAVA_HOME, as ./mvnw passes it.
    Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"));
    List<String> run = List.of(root.resolve("server/run").toString());
    String[] ways = {"server/run", "java -jar"};
    Map<String, List<Double>> ready = new java.util.LinkedHashMap<>();
    Map<String, List<Double>> cli = new java.util.LinkedHashMap<>();
    for (int round = 0; round < settings.starts(); round++) {
      for (int i = 0; i < 2; i++) {
        String way = ways[(round + i) % 2];
        int port = freePort();
        List<String> server =
            way.equals("java -jar")
                ? serverJar(false, "--server.port=" + port, "--management.server.port=0")
                : withServerArgs(run, "--server.port=" + port, "--management.server.port=0");
        try (Target t = start("server-start", dir, server, env)) {
          ready
              .computeIfAbsent(way, w -> new ArrayList<>())
              .add((double) t.waitReady(port, credential));
        }
        List<String> list =
            way.equals("java -jar")
                ? serverJar(false, "agents", "list")
                : withServerArgs(run, "agents", "list");
        long started = System.nanoTime();
        commands.run(dir, list, env);
        cli.computeIfAbsent(way, w -> new ArrayList<>()).add((System.nanoTime() - started) / 1e6);
      }
      say(
          String.format(
              Locale.ROOT,
              "  server-start round %d: ready %.0f ms (server/run), %.0f ms (java -jar);"
                  + " agents list %.0f ms, %.0f ms",
              round + 1,
              ready.get(ways[0]).get(round),
              ready.get(ways[1]).get(round),
              cli.get(ways[0]).get(round),
              cli.get(ways[1]).get(round)));
    }
    notes.add(startNote("Server start to the first 200 for the PUT", ready));
    notes.add(startNote("`agents list` (one agent), the whole process", cli));
  }

  /** {@code command} with {@code args}, then any {@code --server-arg}, as for the jar. */
  List<String> withServerArgs(List<String> command, String... args) {
    List<String> all = new ArrayList<>(command);
    all.addAll(List.of(args));
    all.addAll(settings.serverArgs());
    return all;
  }

  String startNote(String what, Map<String, List<Double>> times) {
    List<Double> run = times.get("server/run");
    List<Double> jar = times.get("java -jar");
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < run.size(); i++) {
      ratios.add(run.get(i) / jar.get(i));
    }
    return String.format(
        Locale.ROOT,
        "%s: `server/run` %,.0f ms, `java -jar` %,.0f ms (medians of %d starts each, in turn);"
            + " ratio %.2f (median of the rounds; %.2f to %.2f).",
        what,
        Report.median(run),
        Report.median(jar),
        run.size(),
        Report.median(ratios),
        ratios.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
        ratios.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
  }

  /**
   * A server to start: its working directory (and database), what it is, its load, and arguments of
   * its own after the server's.
   */
  record Server(
      Path dir,
      String name,
      String what,
      boolean postgres,
      Path creds,
      String mode,
      List<String> args) {
    Server(Path dir, String name, String what, boolean postgres, Path creds, String mode) {
      this(dir, name, what, postgres, creds, mode, List.of());
    }
  }

  interface WithSubject {
    void accept(Subject subject) throws Exception;
  }

  /** Starts the server, waits for its first 200, hands it to {@code body}, then stops it. */
  void runServer(Server server, WithSubject body) throws Exception {
    int port = freePort();
    String first = Files.readAllLines(server.creds).get(0);
    try (Target t =
        startReady(
            server.name,
            server.dir,
            serverCommand(server, port),
            postgresEnv(server.postgres),
            port,
            first)) {
      if (server.postgres) {
        t.database = measuredPostgres;
      }
      long ready = t.readyMillis;
      body.accept(new Subject(t, server.name, server.what, ready, port, server.creds, server.mode));
    }
    Path file = server.dir.resolve("data/availability.mv.db");
    if (!server.postgres && Files.exists(file)) {
      notes.add(
          String.format(
              Locale.ROOT,
              "%s: the embedded database's file is %.0f MB after the run.",
              server.name,
              Files.size(file) / 1048576.0));
    }
  }

  List<String> serverCommand(Server server, int port) {
    // Management on a free port: two instances run side by side, and the default (8081) is one
    // port.
    List<String> command =
        serverJar(server.postgres, "--server.port=" + port, "--management.server.port=0");
    command.addAll(server.args());
    return command;
  }

  /**
   * {@code java -jar} the server with {@code args}, then its database's profile and any {@code
   * --server-arg}: the same settings for the server and for the {@code agents import} that fills
   * its database (a {@code --server-arg} may name another database).
   */
  List<String> serverJar(boolean postgres, String... args) {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", serverJar.toString()));
    command.addAll(List.of(args));
    if (postgres) {
      command.add("--spring.profiles.active=postgres");
    }
    command.addAll(settings.serverArgs());
    return command;
  }

  // ---- agents for the server ------------------------------------------------------------------

  /**
   * Creates {@code count} agents with the server's own command line ({@code agents import} reads
   * them as JSON lines), and returns their credentials as {@code key:secret}. For PostgreSQL the
   * database is dropped and created first, so that every run starts from the same state.
   */
  List<String> createAgents(Path dir, boolean postgres, int count) throws Exception {
    if (postgres) {
      commands.run(
          dir, List.of("bash", root.resolve(".ci/start-postgres").toString()), postgresEnv(true));
      commands.run(
          dir,
          List.of(
              "su",
              "postgres",
              "-c",
              "dropdb --if-exists availability_bench && createdb -O availability availability_bench"),
          Map.of());
    }
    Path input = dir.resolve("agents.jsonl");
    try (var out = Files.newBufferedWriter(input)) {
      for (int i = 1; i <= count; i++) {
        out.write(
            "{\"email\":\"agent"
                + i
                + "@bench.example\",\"first_name\":\"Agent\",\"last_name\":\""
                + i
                + "\",\"teams\":[\"Team "
                + (i % 50)
                + "\"]}\n");
      }
    }
    Path output = dir.resolve("credentials.jsonl");
    List<String> command = serverJar(postgres, "agents", "import");
    long start = System.nanoTime();
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectInput(input.toFile())
            .redirectOutput(output.toFile())
            .redirectError(dir.resolve("import.log").toFile());
    pb.environment().putAll(postgresEnv(postgres));
    Process p = pb.start();
    if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("agents import failed; see " + dir.resolve("import.log"));
    }
    List<String> credentials = new ArrayList<>();
    Pattern pair = Pattern.compile("\"api_key\":\"([^\"]+)\",\"api_secret\":\"([^\"]+)\"");
    Matcher m = pair.matcher(Files.readString(output));
    while (m.find()) {
      credentials.add(m.group(1) + ":" + m.group(2));
    }
    if (credentials.size() != count) {
      throw new IllegalStateException(
          "agents import printed " + credentials.size() + " credentials for " + count);
    }
    say(
        String.format(
            Locale.ROOT,
            "  %,d agents imported in %.1f s",
            count,
            (System.nanoTime() - start) / 1e9));
    return credentials;
  }

  static Map<String, String> postgresEnv(boolean postgres) {
    return postgres
        ? Map.of(
            "AVAILKIT_DB_NAME",
            "availability_bench",
            "AVAILKIT_DB_USER",
            "availability",
            "AVAILKIT_DB_PASSWORD",
            "availability")
        : Map.of();
  }

  // ---- measuring ------------------------------------------------------------------------------

  /** A started target and the load it takes: what {@link #measure} needs. */
  record Subject(
      Target target,
      String name,
      String what,
      long readyMillis,
      int port,
      Path creds,
      String mode) {}

  void measure(
      Target t, String name, String what, long readyMillis, int port, Path creds, String mode)
      throws Exception {
    measure(List.of(new Subject(t, name, what, readyMillis, port, creds, mode)));
  }

  /**
   * Warms up and measures the subjects. With two, every step alternates between them (a slice of
   * one, then a slice of the other), so that both see the same machine: on a shared machine the
   * figures drift by more than the difference two of them are compared on.
   */
  void measure(List<Subject> subjects) throws Exception {
    for (Subject s : subjects) {
      say("## " + s.name + ": " + s.what);
      say(String.format(Locale.ROOT, "  ready after %d ms", s.readyMillis));
    }
    Map<Subject, List<Double>> warmup = warmUp(subjects);
    Map<Subject, Wrk> c64 = new LinkedHashMap<>();
    for (Subject s : subjects) {
      c64.put(s, wrk(s.port, 2, 64, settings.measureSeconds(), s.creds, s.mode));
      say(
          String.format(
              Locale.ROOT,
              "  %s-t2 -c64: %,9.0f req/s  p50 %s  p99 %s  errors %d",
              label(s, subjects),
              c64.get(s).perSecond(),
              Report.millis(c64.get(s).p50Micros()),
              Report.millis(c64.get(s).p99Micros()),
              c64.get(s).errors()));
    }
    Map<Subject, Wrk> c32 = new LinkedHashMap<>();
    List<Subject> reversed = new ArrayList<>(subjects);
    Collections.reverse(reversed);
    for (Subject s : reversed) {
      c32.put(s, wrk(s.port, 1, 32, settings.measureSeconds(), s.creds, s.mode));
      say(
          String.format(
              Locale.ROOT,
              "  %s-t1 -c32: %,9.0f req/s  p50 %s  p99 %s  errors %d",
              label(s, subjects),
              c32.get(s).perSecond(),
              Report.millis(c32.get(s).p50Micros()),
              Report.millis(c32.get(s).p99Micros()),
              c32.get(s).errors()));
    }
    for (Subject s : subjects) {
      long rss = s.target.rssKb();
      long live = s.target.liveHeapKb();
      say(
          String.format(
              Locale.ROOT,
              "  %sresident memory after the load: %s; Java heap in use after a full GC: %s",
              label(s, subjects),
              Memory.mb(rss, "%.1f MB"),
              live < 0 ? "–" : String.format(Locale.ROOT, "%.1f MB", live / 1024.0)));
      if (s.target.database != null) {
        notes.add(databaseMemory(s, rss));
        say("  " + notes.get(notes.size() - 1));
      }
      rows.add(
          new Row(s.name, s.what, s.readyMillis, c64.get(s), c32.get(s), rss, live, warmup.get(s)));
    }
  }

  /**
   * The warm-up: {@code settings.warmupSlices} slices on each subject, alternating; req/s per
   * slice.
   */
  Map<Subject, List<Double>> warmUp(List<Subject> subjects) throws Exception {
    Map<Subject, List<Double>> warmup = new LinkedHashMap<>();
    subjects.forEach(s -> warmup.put(s, new ArrayList<>()));
    for (int i = 0; i < settings.warmupSlices(); i++) {
      for (Subject s : subjects) {
        Wrk w = wrk(s.port, 2, 64, settings.sliceSeconds(), s.creds, s.mode);
        warmup.get(s).add(w.perSecond());
        say(
            String.format(
                Locale.ROOT,
                "  %swarm-up %3d s: %,9.0f req/s  p99 %s  errors %d",
                label(s, subjects),
                (i + 1) * settings.sliceSeconds(),
                w.perSecond(),
                Report.millis(w.p99Micros()),
                w.errors()));
      }
    }
    return warmup;
  }

  static String label(Subject s, List<Subject> subjects) {
    return subjects.size() == 1 ? "" : s.name + " ";
  }

  Wrk wrk(int port, int threads, int connections, int seconds, Path creds, String mode)
      throws Exception {
    return wrk("put.lua", port, threads, connections, seconds, creds, mode);
  }

  /** wrk with {@code script} (in bench/wrk/, which is on its LUA_PATH for report.lua). */
  Wrk wrk(
      String script, int port, int threads, int connections, int seconds, Path creds, String mode)
      throws Exception {
    Path scripts = root.resolve("bench/wrk");
    List<String> command =
        List.of(
            "wrk",
            "-t" + threads,
            "-c" + connections,
            "-d" + seconds + "s",
            "--latency",
            "--timeout",
            "5s",
            "-s",
            scripts.resolve(script).toString(),
            "http://127.0.0.1:" + port);
    String out =
        commands.run(
            work,
            command,
            Map.of(
                "BENCH_CREDENTIALS",
                creds.toString(),
                "BENCH_MODE",
                mode,
                "BENCH_THREADS",
                String.valueOf(threads),
                "LUA_PATH",
                scripts + "/?.lua;;"));
    return Wrk.parse(out);
  }

  /**
   * The note on a PostgreSQL target's memory: its resident memory counts the PostgreSQL server's
   * processes, whose share this says, and their proportional memory, which counts the shared memory
   * (shared buffers) that every backend maps once instead of once a process.
   */
  String databaseMemory(Subject s, long totalKb) {
    List<ProcessHandle> processes = s.target.database.processes();
    return String.format(
        Locale.ROOT,
        "%s: resident memory %s, of which the PostgreSQL server's processes (the postmaster of %s and its %d"
            + " children, backends and background processes, after the load) %s; their proportional memory (Pss: each"
            + " shared page split among the processes that map it, so shared buffers count once) %s.",
        s.name,
        Memory.mb(totalKb, "%.0f MB"),
        s.target.database.dataDirectory(),
        processes.size() - 1,
        Memory.mb(memory.residentKb(processes), "%.0f MB"),
        Memory.mb(memory.proportionalKb(processes), "%.0f MB"));
  }

  // ---- processes ------------------------------------------------------------------------------

  /**
   * Starts the target {@code settings.starts} times, each until its first 200 for the PUT (all but
   * the last are stopped again), and returns the last start, running, with the median of the times
   * as its ready time: one start's time varies too much on a shared machine to stand alone.
   */
  Target startReady(
      String name,
      Path dir,
      List<String> command,
      Map<String, String> env,
      int port,
      String credential)
      throws Exception {
    List<Long> times = new ArrayList<>();
    while (true) {
      Target t = start(name, dir, command, env);
      try {
        times.add(t.waitReady(port, credential));
      } catch (Exception e) {
        t.close();
        throw e;
      }
      if (times.size() == settings.starts()) {
        List<Long> sorted = times.stream().sorted().toList();
        t.readyMillis = sorted.get(sorted.size() / 2);
        say(
            String.format(
                Locale.ROOT,
                "  %s: start to first 200 in %s ms (median %d ms)",
                name,
                times.stream().map(String::valueOf).collect(Collectors.joining(", ")),
                t.readyMillis));
        return t;
      }
      t.close();
    }
  }

  Target start(String name, Path dir, List<String> command, Map<String, String> env)
      throws IOException {
    Path logFile = dir.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile());
    pb.environment().putAll(env);
    long startNanos = System.nanoTime();
    return new Target(name, pb.start(), startNanos, logFile, commands, http, memory);
  }

  // ---- helpers --------------------------------------------------------------------------------

  Path credentialsFile(String name, List<String> credentials) throws IOException {
    Path file = work.resolve(name + ".credentials");
    Files.write(file, credentials);
    return file;
  }

  /** The spec's example of a 200 answer to the PUT, as compact JSON (what nginx returns). */
  String exampleBody() throws Exception {
    String script =
        "const y=require('js-yaml');const s=y.load(require('fs').readFileSync(process.argv[1],'utf8'));"
            + "process.stdout.write(JSON.stringify(s.components.examples.AgentOnline.value))";
    return commands
        .run(root.resolve("bench/prism"), List.of("node", "-e", script, spec.toString()), Map.of())
        .strip();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  void say(String line) {
    System.out.println(line);
    System.out.flush();
    log.append(line).append('\n');
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }
}
