package org.availkit.contract.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.contract.ServerAndMock;
import org.availkit.contract.testing.TestDatabase;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
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
 * twenty: the 401 is what this checks. The shipped limit has its own test, {@link
 * ShippedAuthLimitTest}. The mock has no limit.
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
    registry.add("availkit.gate.h2-url", () -> TestDatabase.h2Url("hostile-input"));
  }

  @TestFactory
  Stream<DynamicTest> theServerAnswersEveryMalformedRequestAsItsAttackNames() throws Exception {
    return survive(port, HostileCorpus.Attack::server);
  }

  @TestFactory
  Stream<DynamicTest> theMockAnswersEveryMalformedRequestAsItsAttackNames() throws Exception {
    return survive(mock.port(), HostileCorpus.Attack::mock);
  }

  /**
   * One dynamic test per attack, so each reports on its own (a JUnit 5 {@code @TestFactory}: the
   * stream's tests run in order, after this method returns and before the next factory starts),
   * then one that the agent's state is as it was before the first.
   */
  private Stream<DynamicTest> survive(
      int target, Function<HostileCorpus.Attack, HostileCorpus.Answer> expected) throws Exception {
    setBoth(AvailabilityStatus.BUSY);
    JsonNode before = me(target);
    assertThat(before.path("availability_status").asText()).isEqualTo("busy");
    List<HostileCorpus.Attack> corpus = HostileCorpus.generate(GOOD);
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);
    Stream<DynamicTest> attacks =
        corpus.stream()
            .map(
                attack ->
                    DynamicTest.dynamicTest(
                        displayName(attack.name()),
                        () -> answersAsNamed(target, attack, expected.apply(attack))));
    DynamicTest unchanged =
        DynamicTest.dynamicTest(
            "no state changed",
            () -> {
              JsonNode after = me(target);
              assertThat(after.path("availability_status").asText())
                  .as("no state changed")
                  .isEqualTo("busy");
              assertThat(after.path("updated_at").asText())
                  .isEqualTo(before.path("updated_at").asText());
            });
    return Stream.concat(attacks, Stream.of(unchanged));
  }

  private static void answersAsNamed(
      int target, HostileCorpus.Attack attack, HostileCorpus.Answer answer) {
    RawHttp.Reply reply;
    try {
      reply = RawHttp.send(target, attack.request());
    } catch (java.io.IOException e) {
      throw new AssertionError(attack.name() + ": connection dropped (" + e.getMessage() + ")", e);
    }
    JsonNode body;
    try {
      body = JSON.readTree(reply.body());
    } catch (java.io.IOException e) {
      throw new AssertionError(
          attack.name() + ": not JSON: " + reply.status() + " " + reply.body(), e);
    }
    if (answer.errorType() == null) {
      assertThat(
              reply.status() == 200
                  && body.path("status").asText().equals("success")
                  && body.path("data").path("availability_status").asText().equals("busy"))
          .as("%s: expected %s, got %d %s", attack.name(), answer, reply.status(), reply.body())
          .isTrue();
      return;
    }
    assertThat(
            reply.status() == answer.status()
                && body.path("error_type").asText().equals(answer.errorType()))
        .as("%s: expected %s, got %d %s", attack.name(), answer, reply.status(), reply.body())
        .isTrue();
    assertThat(
            body.path("status").asText().equals("error")
                && body.path("message").isTextual()
                && !body.path("message").asText().isEmpty()
                && body.has("data"))
        .as("%s: not the envelope: %s", attack.name(), reply.body())
        .isTrue();
  }

  /**
   * The attack's name as a test's: control characters (a mutation's bytes, read as ISO-8859-1)
   * written as Java's unicode escapes, so that the name reads in a report.
   */
  private static String displayName(String name) {
    StringBuilder shown = new StringBuilder();
    name.chars()
        .forEach(
            c -> shown.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : (char) c));
    return shown.toString();
  }

  private JsonNode me(int target) throws Exception {
    RawHttp.Reply reply =
        RawHttp.send(
            target,
            HostileCorpus.request(
                "GET", "/api/v1/agents/me", List.of("Authorization: " + GOOD), null));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return JSON.readTree(reply.body()).path("data");
  }
}
