package org.availkit.contract.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.contract.ServerAndMock;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A generated corpus of malformed requests (broken and truncated JSON, wrong types, nulls, huge and
 * deeply nested values, control characters and invalid UTF-8, duplicate keys, media types and
 * charsets, missing bodies, odd methods and encoded paths, broken credentials), sent byte for byte
 * to the server and to the mock. Every answer must be the one its attack names for that side
 * ({@link HostileCorpus.Attack}): its status and {@code error_type}, in the envelope; no dropped
 * connection, no credential accepted that should not be, and no state changed.
 *
 * <p>The server runs without a practical limit of failed authentications (as the server module's
 * tests do), so each bad credential gets its 401 rather than the limiter's 429 after the first
 * twenty: the 401 is what this checks. The shipped limit has its own test,
 * {@link ShippedAuthLimitTest}. The mock has no limit.
 */
@TestPropertySource(properties = "availkit.auth-failures.max-per-window=1000000")
class HostileInputTest extends ServerAndMock {

  static final String GOOD = "Basic " + HostileCorpus.b64(KEY + ":" + SECRET);
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A server of its own (another limit), so an H2 database of its own: each server keeps the rows
   * it read in memory, as the embedded database's only writer. A dynamic property, since it must
   * outrank {@code ServerAndMock}'s inline name ({@code @DynamicPropertySource}'s Javadoc,
   * "Precedence": dynamic properties outrank {@code @TestPropertySource}'s and inlined ones).
   */
  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("availkit.gate.h2-database", () -> "hostile-input");
  }


  @Test
  void theServerAnswersEveryMalformedRequestAsItsAttackNames() throws Exception {
    setBoth(AvailabilityStatus.BUSY);
    survive(port, HostileCorpus.Attack::server);
  }

  @Test
  void theMockAnswersEveryMalformedRequestAsItsAttackNames() throws Exception {
    setBoth(AvailabilityStatus.BUSY);
    survive(mock.port(), HostileCorpus.Attack::mock);
  }

  private void survive(int target, Function<HostileCorpus.Attack, HostileCorpus.Answer> expected) throws Exception {
    JsonNode before = me(target);
    assertThat(before.path("availability_status").asText()).isEqualTo("busy");
    List<HostileCorpus.Attack> corpus = HostileCorpus.generate(GOOD);
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);
    List<String> problems = new ArrayList<>();
    for (HostileCorpus.Attack attack : corpus) {
      RawHttp.Reply reply;
      try {
        reply = RawHttp.send(target, attack.request());
      } catch (java.io.IOException e) {
        problems.add(attack.name() + ": connection dropped (" + e.getMessage() + ")");
        continue;
      }
      HostileCorpus.Answer answer = expected.apply(attack);
      JsonNode body;
      try {
        body = JSON.readTree(reply.body());
      } catch (java.io.IOException e) {
        problems.add(attack.name() + ": not JSON: " + reply.status() + " " + reply.body());
        continue;
      }
      if (reply.status() != answer.status() || !body.path("error_type").asText().equals(answer.errorType())) {
        problems.add(attack.name() + ": expected " + answer + ", got " + reply.status() + " " + reply.body());
      } else if (!body.path("status").asText().equals("error") || !body.path("message").isTextual()
          || body.path("message").asText().isEmpty() || !body.has("data")) {
        problems.add(attack.name() + ": not the envelope: " + reply.body());
      }
    }
    assertThat(problems).isEmpty();
    JsonNode after = me(target);
    assertThat(after.path("availability_status").asText()).as("no state changed").isEqualTo("busy");
    assertThat(after.path("updated_at").asText()).isEqualTo(before.path("updated_at").asText());
  }

  private JsonNode me(int target) throws Exception {
    RawHttp.Reply reply = RawHttp.send(target, HostileCorpus.request("GET", "/api/v1/agents/me", List.of("Authorization: " + GOOD), null));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return JSON.readTree(reply.body()).path("data");
  }
}
