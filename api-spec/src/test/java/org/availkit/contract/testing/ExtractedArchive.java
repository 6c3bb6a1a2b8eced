package org.availkit.contract.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A self-contained archive the build made ({@code <name>-<version>-linux-x64.tar.gz} in a module's
 * target directory, dist/build-archive), extracted afresh under {@code target/archive-test} with
 * tar, as a user extracts it, for the archive tests of the mock and the server.
 *
 * @param directory where it was extracted (a test's other files may go beside the archive's)
 * @param launcher the archive's {@code bin/<name>}
 */
public record ExtractedArchive(Path directory, Path launcher) {

  /** The commands the launchers run besides the archive's own java (sh's builtins aside). */
  public static final List<String> LAUNCHER_COMMANDS = List.of("sh", "readlink", "dirname");

  /** Extracts the archive of {@code name} found in {@code target}. */
  public static ExtractedArchive of(Path target, String name) throws Exception {
    Path archive;
    try (Stream<Path> files = Files.list(target)) {
      archive =
          files
              .filter(f -> f.getFileName().toString().matches(name + "-.+-linux-x64\\.tar\\.gz"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no archive of " + name + " in " + target));
    }
    Path into = target.resolve("archive-test");
    run(List.of("rm", "-rf", into.toString()));
    Files.createDirectories(into);
    run(List.of("tar", "-xzf", archive.toString(), "-C", into.toString()));
    try (Stream<Path> homes = Files.list(into)) {
      Path home =
          homes
              .filter(h -> h.getFileName().toString().startsWith(name + "-"))
              .findFirst()
              .orElseThrow(() -> new AssertionError(archive + " holds no " + name + "-*"));
      return new ExtractedArchive(into, home.resolve("bin").resolve(name));
    }
  }

  /**
   * A directory of links to {@link #LAUNCHER_COMMANDS} only, beside the archive: as a PATH, one
   * with no java on it.
   */
  public Path launcherCommandsOnly() throws IOException {
    Path tools = Files.createDirectories(directory.resolve("path"));
    for (String command : LAUNCHER_COMMANDS) {
      Path link = tools.resolve(command);
      if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, which(command));
      }
    }
    return tools;
  }

  private static Path which(String command) {
    return Stream.of("/usr/bin", "/bin")
        .map(dir -> Path.of(dir, command))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(() -> new AssertionError(command + " is in neither /usr/bin nor /bin"));
  }

  private static void run(List<String> command) throws Exception {
    try (TestProcess process = TestProcess.command(command).start()) {
      if (!process.waitFor(Duration.ofSeconds(60)) || process.exitValue() != 0) {
        throw new AssertionError(command + ": " + process.text());
      }
    }
  }
}
