package org.availkit.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mockingDetails;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.availkit.server.ApiIntegrationTest;
import org.availkit.server.TestAgents.TestAgent;
import org.availkit.server.agent.AgentRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * What a failed authentication costs, counted as the calls it makes on the agents' repository
 * (not timed): the same work whether the key exists or not, so that answer times cannot tell which
 * keys exist; and none at all for credentials no agent can have, so that they get the same 401 on
 * every database without reaching it.
 */
class FailedAuthenticationWorkIntegrationTest extends ApiIntegrationTest {

  private static final String SECRET = "as_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

  @MockitoSpyBean AgentRepository repository;

  @Test
  void aWrongSecretForAKeyThatWorkedDoesTheWorkOfAnUnknownKey() {
    TestAgent agent = agents.create();
    assertThat(api.getMe(agent.basic()).status()).isEqualTo(200);

    List<String> known = repositoryCalls(() -> api.getMe(ApiTestClient.basic(agent.key(), SECRET)), 401);
    List<String> unknown = repositoryCalls(() -> api.getMe(ApiTestClient.basic("ak_" + "y".repeat(24), SECRET)), 401);
    assertThat(known).isNotEmpty().isEqualTo(unknown);

    // The right secret still goes by the remembered agent, not through the key's index.
    List<String> right = repositoryCalls(() -> api.getMe(agent.basic()), 200);
    assertThat(right).contains("findKey(long,String)").doesNotContain("findKey(String)");
  }

  /** A NUL byte (PostgreSQL refuses it in a text parameter: a 500 before), control characters, non-ASCII, too long. */
  @ParameterizedTest
  @ValueSource(strings = {"ak_a\0b:" + SECRET, "ak_a\u0001b:" + SECRET, "ak_caf\u00e9:" + SECRET, "ak_a b:" + SECRET,
      "ak_:" + SECRET, "agent_key:" + SECRET, "ak_valid:as_a\0b", "ak_valid:as_caf\u00e9", "ak_valid:as_\t"})
  void credentialsNoAgentCanHaveNeverReachTheDatabase(String pair) {
    String basic = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    assertThat(repositoryCalls(() -> api.getMe(basic), 401)).isEmpty();
  }

  @Test
  void aKeyLongerThanTheColumnNeverReachesTheDatabase() {
    String key = "ak_" + "k".repeat(62);
    assertThat(repositoryCalls(() -> api.getMe(ApiTestClient.basic(key, SECRET)), 401)).isEmpty();
    assertThat(repositoryCalls(() -> api.getMe(ApiTestClient.basic(key.substring(1), SECRET)), 401)).isEmpty();
    assertThat(repositoryCalls(() -> api.getMe(ApiTestClient.basic(key.substring(0, 64), SECRET)), 401)).isNotEmpty();
  }

  private List<String> repositoryCalls(Supplier<Exchange> request, int expectedStatus) {
    clearInvocations(repository);
    Exchange answer = request.get();
    assertThat(answer.status()).isEqualTo(expectedStatus);
    if (expectedStatus == 401) {
      assertThat(answer.errorType()).isEqualTo("UnauthorizedException");
    }
    return mockingDetails(repository).getInvocations().stream()
        .map(call -> call.getMethod().getName() + Arrays.stream(call.getMethod().getParameterTypes())
            .map(Class::getSimpleName).toList().toString().replace("[", "(").replace("]", ")").replace(" ", ""))
        .toList();
  }
}
