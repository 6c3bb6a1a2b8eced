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

/**
 * Directories and files that only this user may read: the embedded database (emails, keys and
 * secret hashes) and the first start's credentials. Where the file system has no POSIX
 * permissions (Windows), they are made as the platform makes them.
 */
public final class OwnerOnlyFiles {

  public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private OwnerOnlyFiles() {}

  /** Creates {@code dir} and its missing parents, {@code dir} itself 0700, or makes an existing one 0700. */
  public static Path directory(Path dir) throws IOException {
    if (!POSIX) {
      return Files.createDirectories(dir);
    }
    if (!Files.isDirectory(dir)) {
      if (dir.toAbsolutePath().getParent() != null) {
        Files.createDirectories(dir.toAbsolutePath().getParent());
      }
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
    }
    Files.setPosixFilePermissions(dir, DIRECTORY);
    return dir;
  }

  /** Writes {@code text} to {@code file} (replacing it), readable and writable by this user only. */
  public static void write(Path file, String text) throws IOException {
    if (POSIX) {
      if (Files.exists(file)) {
        Files.setPosixFilePermissions(file, FILE);
      } else {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
      }
    }
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
  }

  /** Makes an existing file 0600. */
  public static void restrict(Path file) throws IOException {
    if (POSIX && Files.isRegularFile(file)) {
      Files.setPosixFilePermissions(file, FILE);
    }
  }
}
