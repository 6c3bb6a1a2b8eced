package org.availkit.contract.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The availability rules written out: every current status x requested status x source, with the
 * status that follows and whether anything is written. It is the spec's "Availability rules"
 * section as a literal table, kept here once, so that the rules class (AvailabilityRulesTest), the
 * server (AvailabilityRulesIntegrationTest), the mock (MockStateTest) and the server-versus-mock
 * differential all check their answers against the same literal rows, and none of them computes its
 * expectation with the code under test. Change it only together with the spec.
 */
public final class RuleCases {

  /** Statuses an agent can have, in the spec's order. */
  public static final List<String> CURRENT =
      List.of("online", "busy", "away", "away_manual", "away_and_reassigning", "offline");

  /** Values a request may send, in the spec's order. */
  public static final List<String> REQUESTED =
      List.of(
          "available", "busy", "away", "offline", "online", "away_manual", "away_and_reassigning");

  /** Sources a request may name. */
  public static final List<String> SOURCES = List.of("user", "idle");

  /** A result of {@value #REJECTED}: a 400 on {@code status}, whatever the current status. */
  public static final String REJECTED = "REJECTED";

  static final String TABLE =
      """
      # current            | requested            | src  | result               | written
      online               | available            | user | online               | no
      online               | available            | idle | online               | no
      online               | busy                 | user | busy                 | yes
      online               | busy                 | idle | REJECTED             | no
      online               | away                 | user | away_manual          | yes
      online               | away                 | idle | away                 | yes
      online               | offline              | user | offline              | yes
      online               | offline              | idle | offline              | yes
      online               | online               | user | online               | no
      online               | online               | idle | online               | no
      online               | away_manual          | user | away_manual          | yes
      online               | away_manual          | idle | REJECTED             | no
      online               | away_and_reassigning | user | away_and_reassigning | yes
      online               | away_and_reassigning | idle | REJECTED             | no
      busy                 | available            | user | online               | yes
      busy                 | available            | idle | busy                 | no
      busy                 | busy                 | user | busy                 | no
      busy                 | busy                 | idle | REJECTED             | no
      busy                 | away                 | user | away_manual          | yes
      busy                 | away                 | idle | busy                 | no
      busy                 | offline              | user | offline              | yes
      busy                 | offline              | idle | busy                 | no
      busy                 | online               | user | online               | yes
      busy                 | online               | idle | busy                 | no
      busy                 | away_manual          | user | away_manual          | yes
      busy                 | away_manual          | idle | REJECTED             | no
      busy                 | away_and_reassigning | user | away_and_reassigning | yes
      busy                 | away_and_reassigning | idle | REJECTED             | no
      away                 | available            | user | online               | yes
      away                 | available            | idle | online               | yes
      away                 | busy                 | user | busy                 | yes
      away                 | busy                 | idle | REJECTED             | no
      away                 | away                 | user | away_manual          | yes
      away                 | away                 | idle | away                 | no
      away                 | offline              | user | offline              | yes
      away                 | offline              | idle | offline              | yes
      away                 | online               | user | online               | yes
      away                 | online               | idle | online               | yes
      away                 | away_manual          | user | away_manual          | yes
      away                 | away_manual          | idle | REJECTED             | no
      away                 | away_and_reassigning | user | away_and_reassigning | yes
      away                 | away_and_reassigning | idle | REJECTED             | no
      away_manual          | available            | user | online               | yes
      away_manual          | available            | idle | away_manual          | no
      away_manual          | busy                 | user | busy                 | yes
      away_manual          | busy                 | idle | REJECTED             | no
      away_manual          | away                 | user | away_manual          | no
      away_manual          | away                 | idle | away_manual          | no
      away_manual          | offline              | user | offline              | yes
      away_manual          | offline              | idle | away_manual          | no
      away_manual          | online               | user | online               | yes
      away_manual          | online               | idle | away_manual          | no
      away_manual          | away_manual          | user | away_manual          | no
      away_manual          | away_manual          | idle | REJECTED             | no
      away_manual          | away_and_reassigning | user | away_and_reassigning | yes
      away_manual          | away_and_reassigning | idle | REJECTED             | no
      away_and_reassigning | available            | user | online               | yes
      away_and_reassigning | available            | idle | away_and_reassigning | no
      away_and_reassigning | busy                 | user | busy                 | yes
      away_and_reassigning | busy                 | idle | REJECTED             | no
      away_and_reassigning | away                 | user | away_manual          | yes
      away_and_reassigning | away                 | idle | away_and_reassigning | no
      away_and_reassigning | offline              | user | offline              | yes
      away_and_reassigning | offline              | idle | away_and_reassigning | no
      away_and_reassigning | online               | user | online               | yes
      away_and_reassigning | online               | idle | away_and_reassigning | no
      away_and_reassigning | away_manual          | user | away_manual          | yes
      away_and_reassigning | away_manual          | idle | REJECTED             | no
      away_and_reassigning | away_and_reassigning | user | away_and_reassigning | no
      away_and_reassigning | away_and_reassigning | idle | REJECTED             | no
      offline              | available            | user | online               | yes
      offline              | available            | idle | online               | yes
      offline              | busy                 | user | busy                 | yes
      offline              | busy                 | idle | REJECTED             | no
      offline              | away                 | user | away_manual          | yes
      offline              | away                 | idle | away                 | yes
      offline              | offline              | user | offline              | no
      offline              | offline              | idle | offline              | no
      offline              | online               | user | online               | yes
      offline              | online               | idle | online               | yes
      offline              | away_manual          | user | away_manual          | yes
      offline              | away_manual          | idle | REJECTED             | no
      offline              | away_and_reassigning | user | away_and_reassigning | yes
      offline              | away_and_reassigning | idle | REJECTED             | no
      """;

  private static final List<Rule> RULES = parse(TABLE);

  private RuleCases() {}

  /**
   * One row: from {@code current}, a request of {@code requested} with {@code source} ends in
   * {@code result} (or is {@linkplain #rejected() rejected}); {@code written} says whether the
   * store changes (and {@code updated_at} with it).
   */
  public record Rule(
      String current, String requested, String source, String result, boolean written) {

    public boolean rejected() {
      return result.equals(REJECTED);
    }

    /** The request body, with the source named. */
    public String body() {
      return "{\"status\":\"" + requested + "\",\"source\":\"" + source + "\"}";
    }

    /** The message of the 400 a rejected row gets. */
    public String rejectionMessage() {
      return "Idle detection cannot set the status " + requested + ".";
    }

    @Override
    public String toString() {
      return current
          + " + "
          + requested
          + " ("
          + source
          + ") -> "
          + result
          + (written ? ", written" : "");
    }
  }

  /** Every row of the table, as parameters of a parameterized test ({@code @MethodSource}). */
  public static Stream<Rule> every() {
    return RULES.stream();
  }

  /**
   * Sends {@code rule}'s request through {@code api} with {@code credentials}, for an agent already
   * at {@code rule.current()}, and checks the answer against the row: the result and whether {@code
   * updated_at} changed, or the 400 of a rejected row with nothing changed; then that a read shows
   * what was answered. The server's, the mock's and the differential's rules tests all check
   * through this one method.
   */
  public static void assertFollows(ApiTestClient api, String credentials, Rule rule) {
    JsonNode before = api.getMe(credentials).json().path("data");
    assertThat(before.path("availability_status").asText())
        .as("starting status")
        .isEqualTo(rule.current());
    // A request the rules refuse, the schema refuses too: it is sent without checking it against
    // the spec.
    ApiTestClient.Exchange answer =
        rule.rejected()
            ? api.sendInvalid(
                "PUT",
                "/api/v1/agents/me/availability",
                ApiTestClient.headers(credentials, "application/json"),
                rule.body())
            : api.put(credentials, rule.body());
    if (rule.rejected()) {
      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.errorType()).isEqualTo("InputException");
      assertThat(answer.json().path("message").asText()).isEqualTo(rule.rejectionMessage());
      assertThat(answer.json().path("data").path("field").asText()).isEqualTo("status");
      assertThat(answer.json().path("data").path("allowed_values"))
          .extracting(JsonNode::asText)
          .containsExactlyElementsOf(idleAllowed());
      assertThat(api.getMe(credentials).json().path("data")).isEqualTo(before);
      return;
    }
    assertThat(answer.status()).isEqualTo(200);
    JsonNode after = answer.json().path("data");
    assertThat(after.path("availability_status").asText()).isEqualTo(rule.result());
    assertThat(after.path("updated_at").asText().equals(before.path("updated_at").asText()))
        .as("updated_at unchanged")
        .isEqualTo(!rule.written());
    assertThat(api.getMe(credentials).json().path("data")).isEqualTo(after);
  }

  /** The rows starting from {@code current}. */
  public static Stream<Rule> from(String current) {
    return RULES.stream().filter(rule -> rule.current().equals(current));
  }

  /** The request values idle detection may send: those whose idle rows are not rejected. */
  public static List<String> idleAllowed() {
    return REQUESTED.stream()
        .filter(
            requested ->
                RULES.stream()
                    .anyMatch(
                        r ->
                            r.requested().equals(requested)
                                && r.source().equals("idle")
                                && !r.rejected()))
        .toList();
  }

  /**
   * Reads the table, refusing a row with an unknown value and a table without every combination
   * exactly once.
   */
  public static List<Rule> parse(String table) {
    List<Rule> rules = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String line : table.strip().split("\n")) {
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      String[] cells = line.split("\\|");
      if (cells.length != 5) {
        throw new IllegalStateException("A rules row has five cells: " + line);
      }
      Rule rule =
          new Rule(
              cells[0].strip(),
              cells[1].strip(),
              cells[2].strip(),
              cells[3].strip(),
              written(cells[4].strip(), line));
      if (!CURRENT.contains(rule.current())
          || !REQUESTED.contains(rule.requested())
          || !SOURCES.contains(rule.source())
          || !(rule.rejected() || CURRENT.contains(rule.result()))) {
        throw new IllegalStateException("Unknown value in the rules row: " + line);
      }
      if (rule.rejected() && rule.written()) {
        throw new IllegalStateException("A rejected request writes nothing: " + line);
      }
      if (!seen.add(rule.current() + " " + rule.requested() + " " + rule.source())) {
        throw new IllegalStateException("A second row for the same case: " + line);
      }
      rules.add(rule);
    }
    int combinations = CURRENT.size() * REQUESTED.size() * SOURCES.size();
    if (rules.size() != combinations) {
      throw new IllegalStateException(
          "The rules table has " + rules.size() + " rows, not " + combinations);
    }
    return List.copyOf(rules);
  }

  private static boolean written(String cell, String line) {
    return switch (cell) {
      case "yes" -> true;
      case "no" -> false;
      default -> throw new IllegalStateException("written is yes or no: " + line);
    };
  }
}
