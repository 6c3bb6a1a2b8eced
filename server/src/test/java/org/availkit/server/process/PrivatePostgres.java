package org.availkit.server.process;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.availkit.server.TestRecords;

/**
 * A PostgreSQL cluster of a test's own (initdb in a temporary directory, its own port and socket
 * directory), so that a test can stop it, kill it and start it again without touching the cluster
 * the other tests use. The binaries are Debian's ({@code /usr/lib/postgresql/<version>/bin}, which
 * {@code .ci/start-postgres} installs); as root (CI) the cluster runs as the {@code postgres} user,
 * since PostgreSQL refuses to run as root.
 */
final class PrivatePostgres implements AutoCloseable {

  static final String USER = "outage";
  static final String PASSWORD = "outage-password";
  static final String DATABASE = "outage";

  private final Path bin;
  private final Path root;
  private final Path data;
  private final Path sockets;
  private final int port;
  private final boolean asPostgresUser;

  private PrivatePostgres(Path bin, Path root, int port) {
    this.bin = bin;
    this.root = root;
    this.data = root.resolve("data");
    this.sockets = root.resolve("sockets");
    this.port = port;
    this.asPostgresUser = "root".equals(System.getProperty("user.name"));
  }

  /** The newest installed PostgreSQL's binaries, if any. */
  static Optional<Path> binaries() {
    Path versions = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(versions)) {
      return Optional.empty();
    }
    try (Stream<Path> list = Files.list(versions)) {
      return list.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString())));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Creates the cluster, starts it, and creates the role and the database. */
  static PrivatePostgres create(Path bin) throws Exception {
    Path root = Files.createTempDirectory("availkit-pg-");
    PrivatePostgres pg = new PrivatePostgres(bin, root, freePort());
    pg.initialise();
    return pg;
  }

  private void initialise() throws Exception {
    Files.createDirectories(sockets);
    Path passwordFile = root.resolve("password");
    Files.writeString(passwordFile, PASSWORD + "\n");
    if (asPostgresUser) {
      run(List.of("chown", "-R", "postgres:postgres", root.toString()), Duration.ofSeconds(10));
    }
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
    asOwner(
        bin.resolve("initdb").toString(),
        "-D",
        data.toString(),
        "-U",
        USER,
        "--pwfile=" + passwordFile,
        // The socket (only this user can reach its directory) for the set-up here; TCP, which the
        // server uses, with the password.
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "--no-sync");
    start();
    asOwner(
        bin.resolve("psql").toString(),
        "-h",
        sockets.toString(),
        "-p",
        String.valueOf(port),
        "-U",
        USER,
        "-d",
        "postgres",
        "-v",
        "ON_ERROR_STOP=1",
        "-c",
        "CREATE DATABASE " + DATABASE);
  }

  /** The environment that points the server (and its command line) at this cluster. */
  Map<String, String> environment(int port) {
    return Map.of(
        "AVAILKIT_DB_HOST", "127.0.0.1",
        "AVAILKIT_DB_PORT", String.valueOf(port),
        "AVAILKIT_DB_NAME", DATABASE,
        "AVAILKIT_DB_USER", USER,
        "AVAILKIT_DB_PASSWORD", PASSWORD);
  }

  int port() {
    return port;
  }

  /** Starts the cluster and waits until it accepts connections. */
  void start() throws Exception {
    asOwner(
        bin.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        root.resolve("postgres.log").toString(),
        "-w",
        "-t",
        "60",
        "-o",
        "-p " + port + " -k " + sockets + " -c listen_addresses=127.0.0.1 -c fsync=off",
        "start");
  }

  /** {@code pg_ctl stop -m fast}: what an operator's stop does (open sessions are ended). */
  void stopFast() throws Exception {
    asOwner(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
  }

  /**
   * SIGKILL to the postmaster and every process of the cluster: a crash (the next start recovers
   * from the WAL). What the processes leave behind is removed once they are gone.
   */
  void kill() throws Exception {
    long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0));
    List<ProcessHandle> all = new ArrayList<>();
    ProcessHandle.of(postmaster)
        .ifPresent(
            p -> {
              all.addAll(p.descendants().toList());
              all.add(p);
            });
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : all) {
      // Where nothing reaps them, killed processes stay zombies, which PostgreSQL's lock-file
      // check would take for a running cluster: wait for each to be gone or a zombie.
      for (int i = 0; i < 100 && p.isAlive() && !zombie(p.pid()); i++) {
        Thread.sleep(50);
      }
    }
    Files.deleteIfExists(data.resolve("postmaster.pid"));
    Files.deleteIfExists(sockets.resolve(".s.PGSQL." + port + ".lock"));
    Files.deleteIfExists(sockets.resolve(".s.PGSQL." + port));
  }

  private static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException e) {
      return true; // gone
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        asOwner(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop");
      }
    } finally {
      Path log = root.resolve("postgres.log");
      if (Files.exists(log)) {
        Files.copy(
            log,
            TestRecords.logFile("postgres"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      run(List.of("rm", "-rf", root.toString()), Duration.ofSeconds(30));
    }
  }

  private void asOwner(String... command) throws Exception {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    run(full, Duration.ofSeconds(90));
  }

  private void run(List<String> command, Duration timeout) throws Exception {
    Path output = Files.createTempFile("availkit-pg-command", ".txt");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(Path.of("/tmp").toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " did not end within " + timeout);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            command + " failed (" + process.exitValue() + "): " + Files.readString(output));
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
