import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The PostgreSQL server that server-pg-write runs against, as that server finds it: its version,
 * asked through the server's own connection settings ({@code SHOW server_version}, so the line
 * names the server measured, not the newest installed), and its processes, the postmaster named by
 * its data directory's {@code postmaster.pid} (first line the postmaster's pid, fourth its port:
 * PostgreSQL's {@code src/include/utils/pidfile.h} and "Database File Layout") and the postmaster's
 * children, its backends and background workers, whose memory is the target's too.
 */
record Postgres(String version, Path dataDirectory, ProcessHandle postmaster) {

  static final String HOST = "localhost";
  static final String PORT = "5432";

  /**
   * Asks the server on {@link #HOST}:{@link #PORT} with {@code env}'s {@code AVAILKIT_DB_*} (the
   * server's own settings and defaults); the data directory is asked as the postgres user (only a
   * superuser may read it), on the same port.
   */
  static Postgres find(Commands commands, Path dir, Map<String, String> env) throws Exception {
    String version =
        commands
            .run(
                dir,
                List.of(
                    "psql",
                    "-h",
                    HOST,
                    "-p",
                    PORT,
                    "-U",
                    env.getOrDefault("AVAILKIT_DB_USER", "availability"),
                    "-d",
                    env.getOrDefault("AVAILKIT_DB_NAME", "availability"),
                    "-qtAX",
                    "-c",
                    "SHOW server_version"),
                Map.of("PGPASSWORD", env.getOrDefault("AVAILKIT_DB_PASSWORD", "")))
            .strip();
    // From /, which the postgres user may enter (psql's complaint about the directory would be read
    // as the answer).
    Path data =
        Path.of(
            commands
                .run(
                    Path.of("/"),
                    List.of(
                        "su",
                        "postgres",
                        "-c",
                        "psql -p " + PORT + " -qtAX -c 'SHOW data_directory'"),
                    Map.of())
                .strip());
    List<String> pidFile = Files.readAllLines(data.resolve("postmaster.pid"));
    if (pidFile.size() < 4 || !pidFile.get(3).strip().equals(PORT)) {
      throw new IllegalStateException(
          data.resolve("postmaster.pid")
              + " is not that of the server on port "
              + PORT
              + ": "
              + pidFile);
    }
    long pid = Long.parseLong(pidFile.get(0).strip());
    ProcessHandle postmaster =
        ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the postmaster " + pid + " of " + data + " is not running"));
    return new Postgres(version, data, postmaster);
  }

  String describe() {
    return "PostgreSQL "
        + version
        + " (SHOW server_version), postmaster "
        + postmaster.pid()
        + " of "
        + dataDirectory;
  }

  /** The postmaster and its children as they are now (backends come and go). */
  List<ProcessHandle> processes() {
    return Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList();
  }
}
