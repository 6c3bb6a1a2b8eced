import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A started target: its process tree is stopped when closed. */
final class Target implements AutoCloseable {
  final String name;
  private final Commands commands;
  private final HttpClient http;
  final Process process;
  final long startNanos;
  final Path logFile;

  /** The median time to the first 200 over the starts {@link Bench#startReady} made. */
  long readyMillis = -1;

  /** The port it listens on, when started by {@link Bench#startOnce}. */
  int port = -1;

  /**
   * The PostgreSQL server it runs against, whose processes count in its memory; null for the rest.
   */
  Postgres database;

  private final Memory memory;

  Target(
      String name,
      Process process,
      long startNanos,
      Path logFile,
      Commands commands,
      HttpClient http,
      Memory memory) {
    this.name = name;
    this.commands = commands;
    this.http = http;
    this.memory = memory;
    this.process = process;
    this.startNanos = startNanos;
    this.logFile = logFile;
  }

  /** Milliseconds from the start of the process to the first 200 for a valid PUT. */
  long waitReady(int port, String credential) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + Bench.PUT_PATH))
            .timeout(Duration.ofSeconds(5))
            .header("Authorization", "token " + credential)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"available\"}"))
            .build();
    long deadline = startNanos + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + "; see " + logFile);
      }
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(2);
    }
    throw new IllegalStateException(name + " did not answer 200 within 120 s; see " + logFile);
  }

  /**
   * For a Java target, the heap in use right after a full GC (jcmd GC.run, then GC.heap_info): what
   * the process really keeps, whatever the heap has grown to under load. -1 otherwise.
   *
   * <p>A full GC also shrinks the heap G1 has committed (down to MaxHeapFreeRatio, 70 % free), and
   * the process then grows back into it under the next load: taken before the memory-over- time
   * phase, that regrowth showed as a climbing resident memory that the mock itself did not cause.
   * So the reading sets MaxHeapFreeRatio to 100 (a manageable flag) for the collection and restores
   * it afterwards: it reads the heap without resizing it.
   */
  long liveHeapKb() {
    if (!process.info().command().orElse("").endsWith("java")) {
      return -1;
    }
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    String pid = String.valueOf(process.pid());
    try {
      Matcher flag =
          Pattern.compile("MaxHeapFreeRatio\\s*=\\s*(\\d+)")
              .matcher(
                  commands.run(
                      logFile.getParent(), List.of(jcmd, pid, "VM.flags", "-all"), Map.of()));
      String ratio = flag.find() ? flag.group(1) : "70";
      commands.run(
          logFile.getParent(),
          List.of(jcmd, pid, "VM.set_flag", "MaxHeapFreeRatio", "100"),
          Map.of());
      try {
        commands.run(logFile.getParent(), List.of(jcmd, pid, "GC.run"), Map.of());
        Matcher m =
            Pattern.compile("heap\\s+total (\\d+)K, used (\\d+)K")
                .matcher(
                    commands.run(
                        logFile.getParent(), List.of(jcmd, pid, "GC.heap_info"), Map.of()));
        return m.find() ? Long.parseLong(m.group(2)) : -1;
      } finally {
        commands.run(
            logFile.getParent(),
            List.of(jcmd, pid, "VM.set_flag", "MaxHeapFreeRatio", ratio),
            Map.of());
      }
    } catch (Exception e) {
      return -1;
    }
  }

  /**
   * Resident memory of the process and its descendants (nginx's workers, Prism's children) and, for
   * a target on PostgreSQL, of the PostgreSQL server's processes; {@link Memory#UNKNOWN} when one
   * of them cannot be read.
   */
  long rssKb() {
    List<ProcessHandle> all =
        new ArrayList<>(
            Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList());
    if (database != null) {
      all.addAll(database.processes());
    }
    return memory.residentKb(all);
  }

  @Override
  public void close() throws Exception {
    List<ProcessHandle> all =
        Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
    all.forEach(ProcessHandle::destroy);
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(20, TimeUnit.SECONDS);
      } catch (Exception stillThere) {
        h.destroyForcibly();
      }
    }
  }
}
