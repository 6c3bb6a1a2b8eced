package org.availkit.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.mockingDetails;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;
import org.availkit.server.ApiIntegrationTest;
import org.availkit.server.TestAgents.TestAgent;
import org.availkit.server.agent.Agents;
import org.availkit.server.error.ErrorWriter;
import org.availkit.server.system.EmbeddedStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.MockedStatic;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * What a failed authentication costs, counted (never timed: the repository forbids timing
 * assertions, and the work in question, a digest, takes about a microsecond, far below what a
 * timing test can tell): the calls it makes on the agents' repository and the digests it computes.
 * The same work whether the key exists or not, whether it authenticated before (so that its hint is
 * kept) or not, so that answer times cannot tell which keys exist; and none at all for credentials
 * no agent can have, so that they get the same 401 on every database without reaching it.
 */
class FailedAuthenticationWorkIntegrationTest extends ApiIntegrationTest {

  private static final String SECRET = "as_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
  private static final String UNKNOWN_KEY = "ak_" + "y".repeat(24);

  /**
   * The agents as the key filter reads them (with the hints and kept rows): its calls are counted.
   */
  @MockitoSpyBean Agents repository;

  @Autowired ErrorWriter errors;
  @Autowired Clock clock;

  @Test
  void aWrongSecretForAKeyThatWorkedDoesTheWorkOfAnUnknownKey() {
    TestAgent agent = agents.create();
    TestAgent never = agents.create();
    assertThat(api.getMe(agent.basic()).status()).isEqualTo(200);

    List<Exchange> answers = new ArrayList<>();
    List<String> known =
        repositoryCalls(() -> answer(answers, ApiTestClient.basic(agent.key(), SECRET)), 401);
    List<String> unknown =
        repositoryCalls(() -> answer(answers, ApiTestClient.basic(UNKNOWN_KEY, SECRET)), 401);
    List<String> neverUsed =
        repositoryCalls(() -> answer(answers, ApiTestClient.basic(never.key(), SECRET)), 401);
    assertThat(known).isNotEmpty().isEqualTo(unknown).isEqualTo(neverUsed);
    // And they answer alike: the same body, the same challenge.
    assertThat(answers).extracting(Exchange::body).containsOnly(answers.get(0).body());
    assertThat(answers)
        .extracting(a -> a.header("WWW-Authenticate"))
        .doesNotContainNull()
        .containsOnly(answers.get(0).header("WWW-Authenticate"));

    // The right secret still goes by the remembered agent, not through the key's index.
    List<String> right = repositoryCalls(() -> api.getMe(agent.basic()), 200);
    assertThat(right).contains("findKey(long,String)").doesNotContain("findKey(String)");
  }

  /**
   * Each way a well-formed key can fail does the same work, counted through the key filter itself
   * on this thread (the server's request threads are out of reach of a static method's count): a
   * known key with a wrong secret whose agent authenticated before through this filter (so its hint
   * is kept), one whose agent never did, and an unknown key each cost one lookup through the key's
   * index and two digests, one against the hint or a decoy and one against the row found or a
   * decoy. A shortcut on any of them (no decoy digest for an unknown key, giving up early on a
   * hinted key's wrong secret) shows as a difference. A malformed key costs neither: it is refused
   * on its shape, which is public, before any digest or lookup.
   */
  @Test
  void everyWayAWellFormedKeyFailsCostsTheSameDigestsAndLookups() throws Exception {
    ApiKeyAuthenticationFilter filter =
        new ApiKeyAuthenticationFilter(
            repository,
            errors,
            new FailedAuthLimiter(1_000_000, 60_000, 1_000, clock),
            clock,
            EmbeddedStore.none());
    TestAgent hinted = agents.create();
    TestAgent never = agents.create();
    Work first = work(filter, hinted.basic());
    assertThat(first.authenticated()).isTrue();
    Work again = work(filter, hinted.basic());
    assertThat(again.repositoryCalls())
        .as("the hint is kept: no lookup through the key's index")
        .doesNotContain("findKey(String)");

    Work wrongAfterSuccess = work(filter, ApiTestClient.basic(hinted.key(), SECRET));
    Work wrongNeverUsed = work(filter, ApiTestClient.basic(never.key(), SECRET));
    Work unknownKey = work(filter, ApiTestClient.basic(UNKNOWN_KEY, SECRET));
    assertThat(wrongAfterSuccess)
        .as("a wrong secret for a hinted key, against an unknown key")
        .isEqualTo(unknownKey);
    assertThat(wrongNeverUsed)
        .as("a wrong secret for a key never used, against an unknown key")
        .isEqualTo(unknownKey);
    assertThat(unknownKey).isEqualTo(new Work(false, 2, List.of("findKey(String)")));

    Work malformed = work(filter, ApiTestClient.basic("ak_a b", SECRET));
    assertThat(malformed).isEqualTo(new Work(false, 0, List.of()));
    // The hint survives the wrong secrets: the right one still goes by the agent's id.
    Work right = work(filter, hinted.basic());
    assertThat(right.authenticated()).isTrue();
    assertThat(right.repositoryCalls()).doesNotContain("findKey(String)");
  }

  /**
   * One authentication: whether it succeeded, its digests (SHA-256 computations), its repository
   * calls.
   */
  record Work(boolean authenticated, int digests, List<String> repositoryCalls) {}

  private Work work(ApiKeyAuthenticationFilter filter, String authorization) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/agents/me");
    request.setServletPath("/api/v1/agents/me");
    request.setRemoteAddr("192.0.2.1");
    request.addHeader("Authorization", authorization);
    clearInvocations(repository);
    int[] digests = {0};
    boolean[] authenticated = {false};
    // Every ApiSecrets method still runs as written; calls of hash() are counted on this thread.
    try (MockedStatic<ApiSecrets> secrets =
        mockStatic(
            ApiSecrets.class,
            invocation -> {
              if (invocation.getMethod().getName().equals("hash")) {
                digests[0]++;
              }
              return invocation.callRealMethod();
            })) {
      filter.doFilter(
          request,
          new MockHttpServletResponse(),
          (req, res) ->
              authenticated[0] = SecurityContextHolder.getContext().getAuthentication() != null);
    } finally {
      SecurityContextHolder.clearContext();
    }
    return new Work(authenticated[0], digests[0], invocations());
  }

  private Exchange answer(List<Exchange> answers, String authorization) {
    Exchange answer = api.getMe(authorization);
    answers.add(answer);
    return answer;
  }

  /**
   * A NUL byte (PostgreSQL refuses it in a text parameter: a 500 before), control characters,
   * non-ASCII, too long.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "ak_a\0b:" + SECRET,
        "ak_a\u0001b:" + SECRET,
        "ak_caf\u00e9:" + SECRET,
        "ak_a b:" + SECRET,
        "ak_:" + SECRET,
        "agent_key:" + SECRET,
        "ak_valid:as_a\0b",
        "ak_valid:as_caf\u00e9",
        "ak_valid:as_\t"
      })
  void credentialsNoAgentCanHaveNeverReachTheDatabase(String pair) {
    String basic =
        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    assertThat(repositoryCalls(() -> api.getMe(basic), 401)).isEmpty();
  }

  @Test
  void aKeyLongerThanTheColumnNeverReachesTheDatabase() {
    String key = "ak_" + "k".repeat(62);
    assertThat(repositoryCalls(() -> api.getMe(ApiTestClient.basic(key, SECRET)), 401)).isEmpty();
    assertThat(repositoryCalls(() -> api.getMe(ApiTestClient.basic(key.substring(1), SECRET)), 401))
        .isEmpty();
    assertThat(
            repositoryCalls(
                () -> api.getMe(ApiTestClient.basic(key.substring(0, 64), SECRET)), 401))
        .isNotEmpty();
  }

  private List<String> repositoryCalls(Supplier<Exchange> request, int expectedStatus) {
    clearInvocations(repository);
    Exchange answer = request.get();
    assertThat(answer.status()).isEqualTo(expectedStatus);
    if (expectedStatus == 401) {
      assertThat(answer.errorType()).isEqualTo("UnauthorizedException");
    }
    return invocations();
  }

  /**
   * The calls that read or write agents, in order. The key hints' own calls (a lookup in memory,
   * which every well-formed key makes alike) are not counted: the count is of the work behind them.
   */
  private List<String> invocations() {
    return mockingDetails(repository).getInvocations().stream()
        .filter(call -> !call.getMethod().getName().matches("hint|rememberHint|forgetHint"))
        .map(
            call ->
                call.getMethod().getName()
                    + Arrays.stream(call.getMethod().getParameterTypes())
                        .map(Class::getSimpleName)
                        .toList()
                        .toString()
                        .replace("[", "(")
                        .replace("]", ")")
                        .replace(" ", ""))
        .toList();
  }
}
