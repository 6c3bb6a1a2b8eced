package org.availkit.contract.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.contract.ServerAndMock;
import org.junit.jupiter.api.Test;

/**
 * A generated corpus of malformed requests (broken and truncated JSON, wrong types, nulls, huge and
 * deeply nested values, control characters and invalid UTF-8, duplicate keys, media types and
 * charsets, missing bodies, odd methods and encoded paths, broken credentials), sent byte for byte
 * to the server and to the mock. Every answer must be a documented 4xx in the envelope: no 5xx,
 * no dropped connection, no credential accepted that should not be, and no state changed.
 */
class HostileInputTest extends ServerAndMock {

  static final String GOOD = "Basic " + HostileCorpus.b64(KEY + ":" + SECRET);
  static final Set<Integer> DOCUMENTED = Set.of(400, 401, 403, 404, 405, 413, 415, 429);
  static final ObjectMapper JSON = new ObjectMapper();


  @Test
  void theServerAnswersEveryMalformedRequestWithADocumented4xx() throws Exception {
    setBoth(AvailabilityStatus.BUSY);
    survive(port);
  }

  @Test
  void theMockAnswersEveryMalformedRequestWithADocumented4xx() throws Exception {
    setBoth(AvailabilityStatus.BUSY);
    survive(mock.port());
  }

  private void survive(int target) throws Exception {
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
      if (!DOCUMENTED.contains(reply.status())) {
        problems.add(attack.name() + ": " + reply.status() + " " + reply.body());
        continue;
      }
      try {
        JsonNode body = JSON.readTree(reply.body());
        if (!body.path("status").asText().equals("error") || body.path("error_type").asText().isEmpty()
            || !body.has("message") || !body.has("data")) {
          problems.add(attack.name() + ": not the envelope: " + reply.body());
        }
      } catch (java.io.IOException e) {
        problems.add(attack.name() + ": not JSON: " + reply.status() + " " + reply.body());
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
