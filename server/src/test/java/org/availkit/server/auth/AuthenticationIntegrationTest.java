package org.availkit.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.availkit.server.ApiIntegrationTest;
import org.availkit.server.TestAgents.TestAgent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both credential forms, the one 401 for every kind of bad credential, 403 for a disabled agent.
 */
class AuthenticationIntegrationTest extends ApiIntegrationTest {

  TestAgent agent;

  @BeforeEach
  void createAgent() {
    agent = agents.create();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Basic", "basic", "BASIC", "bAsIc"})
  void basicCredentialsWorkWithTheSchemeInAnyCase(String scheme) {
    Exchange answer = api.getMe(scheme + " " + b64(agent.key() + ":" + agent.secret()));
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("data").path("id").asLong()).isEqualTo(agent.id());
  }

  @ParameterizedTest
  @ValueSource(strings = {"token", "Token", "TOKEN"})
  void tokenCredentialsWorkWithTheSchemeInAnyCase(String scheme) {
    Exchange answer =
        api.put(scheme + " " + agent.key() + ":" + agent.secret(), "{\"status\":\"busy\"}");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("data").path("availability_status").asText()).isEqualTo("busy");
  }

  @Test
  void everyKindOfBadCredentialGetsTheSame401() {
    TestAgent revoked = agents.create();
    agents.admin().revokeKey(revoked.email());
    List<String> bad =
        List.of(
            "Basic " + b64(agent.key() + ":wrong-secret"),
            "token " + agent.key() + ":wrong-secret",
            "Basic " + b64("ak_unknown:" + agent.secret()),
            "token ak_unknown:as_unknown",
            revoked.basic(),
            "Basic not-base64!",
            "Basic " + b64("no-colon"),
            "Basic " + b64(":" + agent.secret()),
            "Basic " + b64(agent.key() + ":"),
            "token " + agent.key(),
            "Bearer " + agent.key() + ":" + agent.secret(),
            agent.key() + ":" + agent.secret(),
            "Basic",
            "Basic " + "A".repeat(8192),
            // Keys no agent can have: before any lookup (a NUL byte answered 500 on PostgreSQL).
            "Basic " + b64("ak_a\0b:" + agent.secret()),
            "Basic " + b64(agent.key() + "\0:" + agent.secret()),
            "Basic " + b64(agent.key() + ":" + agent.secret() + "\0"),
            "Basic " + b64("ak_\u00e9t\u00e9:" + agent.secret()),
            "Basic " + b64("ak_" + "k".repeat(700) + ":" + agent.secret()));
    String firstBody = null;
    for (String authorization : bad) {
      for (Exchange answer :
          List.of(
              api.sendInvalid(
                  "GET", "/api/v1/agents/me", ApiTestClient.headers(authorization, null), null),
              api.sendInvalid(
                  "PUT",
                  "/api/v1/agents/me/availability",
                  ApiTestClient.headers(authorization, "application/json"),
                  "{\"status\":\"away\"}"))) {
        assertThat(answer.status()).as(authorization).isEqualTo(401);
        assertThat(answer.header("WWW-Authenticate")).isEqualTo("Basic realm=\"api\", token");
        firstBody = firstBody == null ? answer.body() : firstBody;
        assertThat(answer.body()).as(authorization).isEqualTo(firstBody);
      }
    }
    assertThat(firstBody).contains("\"error_type\":\"UnauthorizedException\"");
    assertThat(api.getMe(agent.basic()).json().path("data").path("availability_status").asText())
        .isEqualTo("offline");
  }

  @Test
  void missingCredentialsGet401() {
    Exchange answer = api.sendInvalid("GET", "/api/v1/agents/me", Map.of(), null);
    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.errorType()).isEqualTo("UnauthorizedException");
  }

  @Test
  void twoAuthorizationHeadersAreRefused() {
    Exchange answer =
        api.sendInvalid(
            "GET",
            "/api/v1/agents/me",
            List.of(
                Map.entry("Authorization", agent.basic()),
                Map.entry("Authorization", agent.token())),
            null);
    assertThat(answer.status()).isEqualTo(401);
  }

  @Test
  void aDisabledAgentGets403() {
    agents.admin().disable(agent.email());
    Exchange answer = api.put(agent.basic(), "{\"status\":\"available\"}");
    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.errorType()).isEqualTo("PermissionException");
    assertThat(api.getMe(agent.token()).status()).isEqualTo(403);
  }

  @Test
  void aRotatedKeyReplacesTheOldOne() {
    AgentAdminCredentials rotated =
        AgentAdminCredentials.of(agents.admin().rotateKey(agent.email()).orElseThrow());
    assertThat(api.getMe(agent.basic()).status()).isEqualTo(401);
    assertThat(api.getMe(ApiTestClient.basic(rotated.key(), rotated.secret())).status())
        .isEqualTo(200);
  }

  /**
   * A key that authenticated is remembered with its agent's id (a hint for the next lookup): the
   * row is still read on every request, so a change to the key or the agent takes effect on the
   * very next request, not after the hint is forgotten.
   */
  @Test
  void aKeyThatWorkedIsRefusedOnTheNextRequestAfterRotationRevocationOrDisabling() {
    TestAgent rotated = agents.create();
    TestAgent revoked = agents.create();
    TestAgent disabled = agents.create();
    for (TestAgent a : List.of(rotated, revoked, disabled)) {
      assertThat(api.getMe(a.basic()).status()).isEqualTo(200);
      assertThat(api.put(a.token(), "{\"status\":\"busy\"}").status()).isEqualTo(200);
    }
    AgentAdminCredentials fresh =
        AgentAdminCredentials.of(agents.admin().rotateKey(rotated.email()).orElseThrow());
    agents.admin().revokeKey(revoked.email());
    agents.admin().disable(disabled.email());

    for (TestAgent a : List.of(rotated, revoked)) {
      assertThat(api.getMe(a.basic()).status()).as(a.email()).isEqualTo(401);
      assertThat(api.put(a.token(), "{\"status\":\"away\"}").status()).as(a.email()).isEqualTo(401);
    }
    assertThat(api.getMe(disabled.basic()).status()).isEqualTo(403);
    assertThat(api.put(disabled.token(), "{\"status\":\"away\"}").status()).isEqualTo(403);
    assertThat(
            api.getMe(ApiTestClient.basic(fresh.key(), fresh.secret()))
                .json()
                .path("data")
                .path("id")
                .asLong())
        .isEqualTo(rotated.id());
  }

  @Test
  void aWrongSecretOnAKeyThatWorkedIsStillRefused() {
    assertThat(api.getMe(agent.basic()).status()).isEqualTo(200);
    assertThat(api.getMe("token " + agent.key() + ":" + agent.secret() + "x").status())
        .isEqualTo(401);
    assertThat(api.getMe(agent.token()).status()).isEqualTo(200);
  }

  @Test
  void keyUseIsRecordedAtMostOnceAMinute() {
    Exchange first = api.getMe(agent.basic());
    String lastUsed = first.json().path("data").path("api_key_last_used_at").asText();
    assertThat(lastUsed).isNotBlank().endsWith("Z");
    Stream.generate(() -> api.getMe(agent.token()))
        .limit(3)
        .forEach(a -> assertThat(a.status()).isEqualTo(200));
    assertThat(api.getMe(agent.basic()).json().path("data").path("api_key_last_used_at").asText())
        .isEqualTo(lastUsed);
  }

  @Test
  void theSecretNeverAppearsInAnAnswer() {
    for (Exchange answer :
        List.of(api.getMe(agent.basic()), api.put(agent.token(), "{\"status\":\"away\"}"))) {
      assertThat(answer.body())
          .doesNotContain(agent.secret())
          .doesNotContain(ApiSecrets.hash(agent.secret()));
    }
  }

  record AgentAdminCredentials(String key, String secret) {
    static AgentAdminCredentials of(org.availkit.server.agent.AgentAdmin.Created created) {
      return new AgentAdminCredentials(
          created.credentials().apiKey(), created.credentials().apiSecret());
    }
  }
}
