package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory it makes is 0700; an existing one only where it is this user's own and no shared place. */
class OwnerOnlyFilesTest {

  @TempDir Path tmp;

  @Test
  void makesANewDirectoryAndItsFileTheOwnersOnly() throws Exception {
    Path dir = OwnerOnlyFiles.directory(tmp.resolve("a/data"));
    assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(OwnerOnlyFiles.DIRECTORY);
    Path file = dir.resolve("secret");
    OwnerOnlyFiles.write(file, "x");
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(OwnerOnlyFiles.FILE);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    OwnerOnlyFiles.write(file, "y");
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(OwnerOnlyFiles.FILE);
    assertThat(Files.readString(file)).isEqualTo("y");
  }

  @Test
  void tightensAnExistingDirectoryOfItsOwnButNoSharedOne() throws Exception {
    Path own = Files.createDirectory(tmp.resolve("data"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwxr-xr-x")));
    OwnerOnlyFiles.directory(own);
    assertThat(Files.getPosixFilePermissions(own)).isEqualTo(OwnerOnlyFiles.DIRECTORY);

    Path sharedTmp = Files.createDirectory(tmp.resolve("shared"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwxrwxrwx")));
    Files.setPosixFilePermissions(sharedTmp, PosixFilePermissions.fromString("rwxrwxrwx"));
    OwnerOnlyFiles.directory(sharedTmp);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sharedTmp))).isEqualTo("rwxrwxrwx");

    Path workingDirectory = Path.of("").toAbsolutePath();
    String before = PosixFilePermissions.toString(Files.getPosixFilePermissions(workingDirectory));
    OwnerOnlyFiles.directory(workingDirectory);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(workingDirectory))).isEqualTo(before);
  }
}
