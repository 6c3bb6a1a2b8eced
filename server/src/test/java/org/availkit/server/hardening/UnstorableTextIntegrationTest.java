package org.availkit.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.availkit.server.ApiIntegrationTest;
import org.availkit.server.TestAgents.TestAgent;
import org.availkit.server.agent.AgentAdmin.NewAgentRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text that PostgreSQL will not store as given: a NUL character, which it refuses in a text
 * parameter ({@code invalid byte sequence for encoding "UTF8": 0x00}, which answered 500 for a
 * key), and half of a surrogate pair, which its driver stores as {@code ?}. H2 takes both. Wherever
 * such text can come in, the answer is the same on both databases (this suite runs on PostgreSQL
 * with {@code -Ppostgres}): credentials get the 401, bodies the 400, both in the envelope, and the
 * operators' import refuses the agent.
 */
class UnstorableTextIntegrationTest extends ApiIntegrationTest {

  TestAgent agent;

  @BeforeEach
  void anAgent() {
    agent = agents.create();
    agents.setStatus(agent, AvailabilityStatus.BUSY);
  }

  /**
   * A key or a secret with a NUL or a lone surrogate, in Basic form (as UTF-8, or as raw bytes).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "KEY\0:SECRET",
        "ak_\0:SECRET",
        "KEY:SECRET\0",
        "KEY:\0",
        "\0:SECRET",
        "KEY\ud800:SECRET",
        "KEY:SECRET\udc00"
      })
  void aCredentialWithUnstorableTextGetsThe401(String pair) {
    String text = pair.replace("KEY", agent.key()).replace("SECRET", agent.secret());
    // The JVM's UTF-8 encoder writes a lone surrogate as '?'; as PostgreSQL's driver would see it,
    // the surrogate's own three bytes (CESU-8) are sent instead.
    byte[] bytes = cesu8(text);
    assertUnauthorized(
        api.sendInvalid(
            "PUT",
            "/api/v1/agents/me/availability",
            ApiTestClient.headers(
                "Basic " + Base64.getEncoder().encodeToString(bytes), "application/json"),
            "{\"status\":\"available\"}"));
    assertThat(statusNow()).isEqualTo("busy");
  }

  /**
   * The token form carries the pair as the header's own bytes: a NUL byte there (sent over a
   * socket, as Java's client refuses it) is a header Tomcat's parser refuses, before any filter:
   * the 400 of a request Tomcat cannot parse.
   */
  @Test
  void aTokenWithARawNulByteIsARequestTomcatRefuses() throws Exception {
    for (String token :
        List.of(
            agent.key() + "\0:" + agent.secret(),
            "ak_\0:" + agent.secret(),
            agent.key() + ":" + agent.secret() + "\0")) {
      String answer =
          raw(
              "GET /api/v1/agents/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: token "
                  + token
                  + "\r\nConnection: close\r\n\r\n");
      assertThat(answer)
          .as(token)
          .startsWith("HTTP/1.1 400")
          .contains("\"error_type\":\"InputException\"");
    }
    assertThat(statusNow()).isEqualTo("busy");
  }

  /**
   * Escaped or raw, a NUL or a lone surrogate in a body's string is no status or source: the 400.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"status\":\"available\\u0000\"}",
        "{\"status\":\"\\u0000\"}",
        "{\"status\":\"\\ud800\"}",
        "{\"status\":\"away\\udc00\"}",
        "{\"status\":\"away\",\"source\":\"user\\u0000\"}",
        "{\"status\":\"away\",\"source\":\"\\ud800\"}",
        "{\"status\\u0000\":\"away\"}"
      })
  void aBodyWithUnstorableTextGetsThe400(String body) {
    Exchange answer =
        api.sendInvalid(
            "PUT",
            "/api/v1/agents/me/availability",
            ApiTestClient.headers(agent.basic(), "application/json"),
            body);
    assertThat(answer.status()).as(body).isEqualTo(400);
    assertThat(answer.errorType()).isEqualTo("InputException");
    assertThat(statusNow()).isEqualTo("busy");
  }

  @Test
  void aRawNulByteInABodyGetsThe400() throws Exception {
    String body = "{\"status\":\"away\0\"}";
    String answer =
        raw(
            "PUT /api/v1/agents/me/availability HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                + agent.basic()
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length()
                + "\r\nConnection: close\r\n\r\n"
                + body);
    assertThat(answer).startsWith("HTTP/1.1 400").contains("\"error_type\":\"InputException\"");
    assertThat(statusNow()).isEqualTo("busy");
  }

  /**
   * The operators' import (and create): an email, a name, a role or a team with a NUL or half a
   * surrogate pair is refused on every database, naming the field, and nothing is imported. (On
   * PostgreSQL a NUL ended in a database error blamed on the embedded database being in use, and a
   * lone surrogate was stored as '?'.)
   */
  @Test
  void theImportRefusesUnstorableTextAndImportsNothing() {
    long before = agents.admin().list().size();
    String ok = "fine-" + java.util.UUID.randomUUID() + "@test.example";
    List<NewAgentRequest> bad =
        List.of(
            new NewAgentRequest("nul\0" + ok, "Nul", "", List.of(), List.of()),
            new NewAgentRequest("2" + ok, "Half\ud800", "", List.of(), List.of()),
            new NewAgentRequest("3" + ok, "Last", "Name\0", List.of(), List.of()),
            new NewAgentRequest("4" + ok, "Role", "", List.of("agent\0"), List.of()),
            new NewAgentRequest("5" + ok, "Team", "", List.of(), List.of("Support\udc00")));
    List<String> fields = List.of("email", "first name", "last name", "role", "team");
    for (int i = 0; i < bad.size(); i++) {
      NewAgentRequest request = bad.get(i);
      assertThatThrownBy(
              () ->
                  agents
                      .admin()
                      .importAll(
                          List.of(
                              new NewAgentRequest(ok, "Ok", "", List.of(), List.of()), request)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Agent 2: The " + fields.get(i) + " ")
          .hasMessageEndingWith("Nothing was imported.");
    }
    assertThat(agents.admin().list()).hasSize((int) before);
  }

  private String statusNow() {
    return api.getMe(agent.basic()).json().path("data").path("availability_status").asText();
  }

  private String raw(String request) throws Exception {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** UTF-8, except that each lone surrogate is written as its own three bytes (as CESU-8 would). */
  private static byte[] cesu8(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    text.codePoints()
        .forEach(
            c -> {
              if (c >= 0xD800 && c <= 0xDFFF) {
                out.write(0xE0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
              } else {
                out.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
              }
            });
    return out.toByteArray();
  }

  private static void assertUnauthorized(Exchange answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(401);
    assertThat(answer.errorType()).isEqualTo("UnauthorizedException");
  }
}
