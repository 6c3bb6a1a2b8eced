package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.util.FileSystemUtils;

/**
 * The embedded database's directory is 0700 and its files 0600: they hold emails, keys and secret
 * hashes, and other users of the machine read what the umask leaves them (0755 and 0644 before).
 */
@SpringBootTest(
    properties = {
      "spring.datasource.url=jdbc:h2:file:./target/database-files-test/data/availability;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
      "availkit.bootstrap-admin=false"
    })
class EmbeddedDatabaseFilesIntegrationTest {

  static final Path DIR = Path.of("target/database-files-test/data").toAbsolutePath();

  static { // before the context starts: the directory is made fresh, as on a first start
    try {
      FileSystemUtils.deleteRecursively(DIR);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theDirectoryAndTheFilesAreTheOwnersOnly() throws IOException {
    assertThat(Files.getPosixFilePermissions(DIR)).isEqualTo(OwnerOnlyFiles.DIRECTORY);
    List<Path> files;
    try (Stream<Path> list = Files.list(DIR)) {
      files = list.toList();
    }
    assertThat(files).extracting(f -> f.getFileName().toString()).contains("availability.mv.db");
    for (Path file : files) {
      assertThat(Files.getPosixFilePermissions(file))
          .as(file.toString())
          .isEqualTo(OwnerOnlyFiles.FILE);
    }
  }

  @Test
  void readsTheFileFromEveryEmbeddedSpelling() {
    assertThat(
            EmbeddedDatabaseFiles.databaseFile("jdbc:h2:file:./data/availability;MODE=PostgreSQL"))
        .contains(Path.of("./data/availability"));
    assertThat(EmbeddedDatabaseFiles.databaseFile("jdbc:h2:./data/availability"))
        .contains(Path.of("./data/availability"));
    assertThat(EmbeddedDatabaseFiles.databaseFile("jdbc:h2:~/availability"))
        .contains(Path.of(System.getProperty("user.home") + "/availability"));
    assertThat(EmbeddedDatabaseFiles.databaseFile("jdbc:h2:mem:availkit;DB_CLOSE_DELAY=-1"))
        .isEmpty();
    assertThat(EmbeddedDatabaseFiles.databaseFile("jdbc:h2:tcp://db/availability")).isEmpty();
    assertThat(EmbeddedDatabaseFiles.databaseFile("jdbc:postgresql://localhost/availability"))
        .isEmpty();
  }
}
