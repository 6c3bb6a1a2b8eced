package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An H2 URL read as H2 reads it: the prefix that says where the database lives, its name, its
 * settings.
 */
class H2UrlTest {

  @Test
  void aFileDatabaseWithSettings() {
    H2Url url =
        H2Url.parse("jdbc:h2:file:./data/availability;MODE=PostgreSQL;; AUTO_SERVER=TRUE ;")
            .orElseThrow();
    assertThat(url)
        .isEqualTo(
            new H2Url(
                "file", "./data/availability", List.of("MODE=PostgreSQL", "AUTO_SERVER=TRUE")));
    assertThat(url.isFile()).isTrue();
    assertThat(url.isEmbedded()).isTrue();
  }

  @Test
  void noPrefixIsAFileDatabaseAndSoIsAWindowsDrive() {
    assertThat(H2Url.parse("jdbc:h2:./data/availability"))
        .contains(new H2Url("", "./data/availability", List.of()));
    H2Url drive = H2Url.parse("jdbc:h2:C:/data/availability").orElseThrow();
    assertThat(drive).isEqualTo(new H2Url("", "C:/data/availability", List.of()));
    assertThat(drive.isFile()).isTrue();
  }

  @Test
  void theSchemeAndThePrefixAreReadInAnyCase() {
    H2Url url = H2Url.parse("JDBC:H2:MEM:availkit;DB_CLOSE_DELAY=-1").orElseThrow();
    assertThat(url).isEqualTo(new H2Url("mem", "availkit", List.of("DB_CLOSE_DELAY=-1")));
    assertThat(url.isFile()).isFalse();
    assertThat(url.isEmbedded()).isTrue();
  }

  @Test
  void aServerOrAnotherFileSystemIsNeitherAFileNorEmbedded() {
    H2Url tcp = H2Url.parse("jdbc:h2:tcp://db:9092/availability").orElseThrow();
    assertThat(tcp).isEqualTo(new H2Url("tcp", "//db:9092/availability", List.of()));
    assertThat(tcp.isFile()).isFalse();
    assertThat(tcp.isEmbedded()).isFalse();
    H2Url split = H2Url.parse("jdbc:h2:split:28:./data/availability").orElseThrow();
    assertThat(split.prefix()).isEqualTo("split");
    assertThat(split.isFile()).isFalse();
    assertThat(split.isEmbedded()).isFalse();
  }

  @Test
  void anythingElseIsNoH2Url() {
    assertThat(H2Url.parse(null)).isEmpty();
    assertThat(H2Url.parse("jdbc:postgresql://localhost/availability")).isEmpty();
    assertThat(H2Url.parse("jdbc:h2")).isEmpty();
  }
}
