package org.availkit.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The first start on an empty database creates an admin and prints working credentials, once. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "availkit.bootstrap-admin=true",
      "spring.datasource.url=jdbc:h2:mem:bootstrap;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
    })
class AdminBootstrapIntegrationTest {

  @LocalServerPort int port;
  @Autowired AdminBootstrap bootstrap;

  @Test
  void printsWorkingCredentialsOnceAndNeverAgain(CapturedOutput output) {
    Matcher key = Pattern.compile("api_key: +(\\S+)").matcher(output.getOut());
    Matcher secret = Pattern.compile("api_secret: +(\\S+)").matcher(output.getOut());
    assertThat(key.find()).as("the start printed the key").isTrue();
    assertThat(secret.find()).as("the start printed the secret").isTrue();

    Exchange answer = new ApiTestClient(port).getMe(ApiTestClient.basic(key.group(1), secret.group(1)));
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("data").path("email").asText()).isEqualTo("admin@localhost");
    assertThat(answer.json().path("data").path("roles").toString()).isEqualTo("[\"admin\"]");

    bootstrap.run(null);
    assertThat(output.getOut().split("api_secret:", -1)).as("printed once").hasSize(2);
    assertThat(output.getAll()).doesNotContain("WARN").as("no secret in a log line")
        .doesNotContainPattern("(?m)^\\d{4}-.*" + Pattern.quote(secret.group(1)));
  }
}
