package org.availkit.server.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Directories and files that only this user may read: the embedded database (emails, keys and
 * secret hashes) and the first start's credentials. Where the file system has no POSIX permissions
 * (Windows), they are made as the platform makes them.
 */
public final class OwnerOnlyFiles {

  public static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private static final Logger log = LoggerFactory.getLogger(OwnerOnlyFiles.class);

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private OwnerOnlyFiles() {}

  /**
   * Creates {@code dir} (and its missing parents) 0700. An existing one is made 0700 only when it
   * is this user's and no shared place: not the home or the working directory, not a file system's
   * root, not a world-writable directory such as {@code /tmp} (a database named {@code ~/x}, {@code
   * ./x} or {@code /tmp/x} sits in one, and its files are made 0600 all the same). Where it cannot
   * be changed (another user's directory, a volume mounted so), a warning says so and the server
   * goes on.
   */
  public static Path directory(Path dir) throws IOException {
    if (!POSIX) {
      return Files.createDirectories(dir);
    }
    Path absolute = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(absolute)) {
      if (absolute.getParent() != null) {
        Files.createDirectories(absolute.getParent());
      }
      Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(DIRECTORY));
      Files.setPosixFilePermissions(absolute, DIRECTORY); // whatever the umask took away or left
      return dir;
    }
    Set<PosixFilePermission> now = Files.getPosixFilePermissions(absolute);
    if (now.equals(DIRECTORY) || shared(absolute, now)) {
      return dir;
    }
    try {
      if (!Files.getOwner(absolute).getName().equals(System.getProperty("user.name"))) {
        log.warn(
            "{} belongs to another user and is {}: other users of this machine may read what it holds.",
            absolute,
            PosixFilePermissions.toString(now));
        return dir;
      }
      Files.setPosixFilePermissions(absolute, DIRECTORY);
      log.info(
          "{} was {}; made it rwx------ (this user only).",
          absolute,
          PosixFilePermissions.toString(now));
    } catch (IOException e) {
      log.warn(
          "Could not make {} readable by this user only ({}): {}",
          absolute,
          PosixFilePermissions.toString(now),
          e.toString());
    }
    return dir;
  }

  private static boolean shared(Path dir, Set<PosixFilePermission> permissions) {
    return dir.getParent() == null
        || dir.equals(Path.of(System.getProperty("user.home")).toAbsolutePath().normalize())
        || dir.equals(Path.of("").toAbsolutePath().normalize())
        || permissions.contains(PosixFilePermission.OTHERS_WRITE);
  }

  /**
   * Writes {@code text} to {@code file} (replacing it), readable and writable by this user only.
   */
  public static void write(Path file, String text) throws IOException {
    if (POSIX) {
      if (Files.exists(file)) {
        Files.setPosixFilePermissions(file, FILE);
      } else {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
      }
    }
    Files.writeString(
        file,
        text,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
  }

  /** Makes an existing file 0600. */
  public static void restrict(Path file) throws IOException {
    if (POSIX && Files.isRegularFile(file)) {
      Files.setPosixFilePermissions(file, FILE);
    }
  }
}
