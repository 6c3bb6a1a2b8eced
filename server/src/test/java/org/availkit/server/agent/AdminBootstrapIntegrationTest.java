package org.availkit.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.availkit.contract.testing.TestDatabase;
import org.availkit.server.system.OwnerOnlyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The first start on an empty database creates an admin and writes working credentials, once, to a
 * file only this user can read, whose path the log names; neither the log nor standard output shows
 * them (a service manager keeps both).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "availkit.bootstrap-admin=true",
      "availkit.first-start-credentials=target/bootstrap-test/fresh/first-start-credentials",
      "spring.datasource.url=" + TestDatabase.H2_MEM + "bootstrap" + TestDatabase.H2_SETTINGS
    })
class AdminBootstrapIntegrationTest {

  static final Path FILE =
      Path.of("target/bootstrap-test/fresh/first-start-credentials").toAbsolutePath();

  static { // before the context starts: no file of an earlier run
    try {
      Files.deleteIfExists(FILE);
      Files.deleteIfExists(FILE.getParent());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @LocalServerPort int port;
  @Autowired AdminBootstrap bootstrap;

  @Test
  void writesWorkingCredentialsOnceToAnOwnerOnlyFileAndNeverToTheOutput(CapturedOutput output)
      throws Exception {
    String text = Files.readString(FILE);
    Matcher key = Pattern.compile("api_key: +(\\S+)").matcher(text);
    Matcher secret = Pattern.compile("api_secret: +(\\S+)").matcher(text);
    assertThat(key.find()).as("the file has the key").isTrue();
    assertThat(secret.find()).as("the file has the secret").isTrue();
    assertThat(Files.getPosixFilePermissions(FILE)).isEqualTo(OwnerOnlyFiles.FILE);
    assertThat(Files.getPosixFilePermissions(FILE.getParent())).isEqualTo(OwnerOnlyFiles.DIRECTORY);
    assertThat(output.getAll())
        .contains("its API credentials are in " + FILE)
        .doesNotContain(secret.group(1))
        .doesNotContain("api_secret");

    Exchange answer =
        new ApiTestClient(port).getMe(ApiTestClient.basic(key.group(1), secret.group(1)));
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("data").path("email").asText()).isEqualTo("admin@localhost");
    assertThat(answer.json().path("data").path("roles").toString()).isEqualTo("[\"admin\"]");

    bootstrap.run(null);
    assertThat(Files.readString(FILE)).as("written once").isEqualTo(text);
    assertThat(output.getAll()).doesNotContain("WARN");
  }
}
