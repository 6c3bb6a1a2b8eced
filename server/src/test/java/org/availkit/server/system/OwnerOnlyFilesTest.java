package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory it makes is 0700; an existing one only where it is this user's own and no shared
 * place.
 */
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
    Path own =
        Files.createDirectory(
            tmp.resolve("data"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    assertThat(OwnerOnlyFiles.directory(own)).isEqualTo(own);
    assertThat(Files.getPosixFilePermissions(own)).isEqualTo(OwnerOnlyFiles.DIRECTORY);
    assertThat(OwnerOnlyFiles.directory(own)).as("already the owner's only").isEqualTo(own);
    assertThat(Files.getPosixFilePermissions(own)).isEqualTo(OwnerOnlyFiles.DIRECTORY);

    Path sharedTmp =
        Files.createDirectory(
            tmp.resolve("shared"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
    Files.setPosixFilePermissions(sharedTmp, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThat(OwnerOnlyFiles.directory(sharedTmp)).isEqualTo(sharedTmp);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sharedTmp)))
        .isEqualTo("rwxrwxrwx");

    // The real working directory (the module's): put back as it was whatever happens, so that a
    // broken check (a mutant of PIT's, say) cannot leave it 0700 for the runs after this one.
    Path workingDirectory = Path.of("").toAbsolutePath();
    Set<PosixFilePermission> before = Files.getPosixFilePermissions(workingDirectory);
    try {
      assertThat(OwnerOnlyFiles.directory(workingDirectory)).isEqualTo(workingDirectory);
      assertThat(Files.getPosixFilePermissions(workingDirectory)).isEqualTo(before);
    } finally {
      Files.setPosixFilePermissions(workingDirectory, before);
    }
  }

  /**
   * The home directory is shared with everything else of the user's (a database named ~/x sits in
   * it).
   */
  @Test
  void leavesTheHomeDirectoryAsItIs() throws Exception {
    Path home =
        Files.createDirectory(
            tmp.resolve("home"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    String before = System.getProperty("user.home");
    System.setProperty("user.home", home.toString());
    try {
      assertThat(OwnerOnlyFiles.directory(home)).isEqualTo(home);
    } finally {
      System.setProperty("user.home", before);
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home)))
        .isEqualTo("rwxr-xr-x");
  }

  /**
   * Another user's directory cannot be this user's to tighten: a warning, and it stays as it is
   * (needs root to set up).
   */
  @Test
  void leavesAnotherUsersDirectoryAsItIs() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "only root can give a directory to another user");
    Path theirs =
        Files.createDirectory(
            tmp.resolve("theirs"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.setOwner(
        theirs,
        theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    assertThat(OwnerOnlyFiles.directory(theirs)).isEqualTo(theirs);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(theirs)))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void restrictsAFileButNotADirectory() throws Exception {
    Path file = Files.createFile(tmp.resolve("db.mv.db"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    OwnerOnlyFiles.restrict(file);
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(OwnerOnlyFiles.FILE);
    Path dir =
        Files.createDirectory(
            tmp.resolve("db.lock"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    OwnerOnlyFiles.restrict(dir);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwxr-xr-x");
  }
}
