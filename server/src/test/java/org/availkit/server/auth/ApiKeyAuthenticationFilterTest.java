package org.availkit.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.server.agent.AgentRepository;
import org.availkit.server.agent.AgentRepository.KeyRecord;
import org.availkit.server.agent.AgentRow;
import org.availkit.server.agent.AgentRows;
import org.availkit.server.auth.FailedAuthLimiterTest.ManualClock;
import org.availkit.server.system.ContractJson;
import org.availkit.server.system.EmbeddedStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The credential check without a server: the repository is a mock, so each test says what the
 * database holds and sees which lookups a request makes (the hint's lookup by id, or the key's
 * index); the limiter and the clock are real.
 */
class ApiKeyAuthenticationFilterTest {

  private static final String KEY = "ak_" + "k".repeat(24);
  private static final String SECRET = "as_" + "s".repeat(43);
  private static final long ID = 7;

  private final ManualClock clock = new ManualClock();
  private final AgentRepository repository = mock(AgentRepository.class);
  private FailedAuthLimiter limiter = new FailedAuthLimiter(1000, 60_000, 1000, clock);
  private final List<Authentication> seen = new ArrayList<>();

  @AfterEach
  void clearContext() {
    SecurityContextHolder.clearContext();
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private static KeyRecord key(String secret, boolean enabled, OffsetDateTime lastUsed) {
    return new KeyRecord(
        ApiSecrets.hash(secret),
        AgentRows.row(ID, AvailabilityStatus.ONLINE, enabled, KEY, lastUsed));
  }

  @Test
  void rightCredentialsOfAnEnabledAgentAuthenticateTheRequestAsThatAgent() throws Exception {
    when(repository.findKey(KEY)).thenReturn(Optional.of(key(SECRET, true, now())));

    MockHttpServletResponse response = send("/api/v1/agents/me", "token " + KEY + ":" + SECRET);

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(seen)
        .singleElement()
        .satisfies(
            auth -> {
              assertThat(auth).isInstanceOf(AuthenticatedAgent.class);
              assertThat(auth.isAuthenticated()).isTrue();
              assertThat(((AuthenticatedAgent) auth).agent().id()).isEqualTo(ID);
            });
  }

  @Test
  void basicCredentialsToo() throws Exception {
    when(repository.findKey(KEY)).thenReturn(Optional.of(key(SECRET, true, now())));
    send("/api/v1/agents/me", "Basic " + b64(KEY + ":" + SECRET));
    assertThat(seen).singleElement().isInstanceOf(AuthenticatedAgent.class);
  }

  @Test
  void aKeyThatAuthenticatedIsLookedUpByItsAgentsIdNextTime() throws Exception {
    when(repository.findKey(KEY)).thenReturn(Optional.of(key(SECRET, true, now())));
    when(repository.findKey(ID, KEY)).thenReturn(Optional.of(key(SECRET, true, now())));

    send("/api/v1/agents/me", "token " + KEY + ":" + SECRET);
    send("/api/v1/agents/me", "token " + KEY + ":" + SECRET);

    verify(repository, times(1)).findKey(KEY);
    verify(repository, times(1)).findKey(ID, KEY);
    assertThat(seen).hasSize(2).allMatch(AuthenticatedAgent.class::isInstance);
  }

  @Test
  void aWrongSecretForAHintedKeyGoesThroughTheKeysIndexAndFails() throws Exception {
    when(repository.findKey(KEY)).thenReturn(Optional.of(key(SECRET, true, now())));
    send("/api/v1/agents/me", "token " + KEY + ":" + SECRET);

    MockHttpServletResponse wrong = send("/api/v1/agents/me", "token " + KEY + ":" + SECRET + "x");

    assertThat(wrong.getStatus()).isEqualTo(200); // the chain answers: the entry point's 401
    assertThat(seen).hasSize(2);
    assertThat(seen.get(1)).isNull();
    verify(repository, never()).findKey(anyLong(), anyString());
    verify(repository, times(2)).findKey(KEY);
  }

  /**
   * A key rotated, revoked or given another secret since the hint was made: the hint goes, the
   * index decides.
   */
  @Test
  void aHintWhoseRowChangedIsDroppedAndTheKeysIndexDecides() throws Exception {
    String rotated = "as_" + "r".repeat(43);
    when(repository.findKey(KEY)).thenReturn(Optional.of(key(SECRET, true, now())));
    send("/api/v1/agents/me", "token " + KEY + ":" + SECRET);

    when(repository.findKey(ID, KEY)).thenReturn(Optional.of(key(rotated, true, now())));
    when(repository.findKey(KEY)).thenReturn(Optional.of(key(rotated, true, now())));
    send("/api/v1/agents/me", "token " + KEY + ":" + SECRET);
    assertThat(seen.get(1)).isNull();

    // Dropped: the next request does not try the agent's id again.
    send("/api/v1/agents/me", "token " + KEY + ":" + SECRET);
    verify(repository, times(1)).findKey(ID, KEY);
    assertThat(seen.get(2)).isNull();

    when(repository.findKey(ID, KEY)).thenReturn(Optional.empty());
    send("/api/v1/agents/me", "token " + KEY + ":" + rotated);
    assertThat(seen.get(3)).isInstanceOf(AuthenticatedAgent.class);
  }

  @Test
  void aRevokedKeyWithAHintIsRefused() throws Exception {
    when(repository.findKey(KEY)).thenReturn(Optional.of(key(SECRET, true, now())));
    send("/api/v1/agents/me", "token " + KEY + ":" + SECRET);
    when(repository.findKey(ID, KEY)).thenReturn(Optional.empty());
    when(repository.findKey(KEY)).thenReturn(Optional.empty());

    send("/api/v1/agents/me", "token " + KEY + ":" + SECRET);

    assertThat(seen.get(1)).isNull();
  }

  @Test
  void anUnknownKeyOrAWrongSecretLeavesTheRequestAnonymous() throws Exception {
    when(repository.findKey(KEY)).thenReturn(Optional.of(key(SECRET, true, now())));
    send("/api/v1/agents/me", "token ak_unknown:" + SECRET);
    send("/api/v1/agents/me", "token " + KEY + ":as_wrong");
    assertThat(seen).containsExactly(null, null);
  }

  @Test
  void aDisabledAgentIs403AndTheRequestGoesNoFurther() throws Exception {
    when(repository.findKey(KEY)).thenReturn(Optional.of(key(SECRET, false, now())));

    MockHttpServletResponse response = send("/api/v1/agents/me", "token " + KEY + ":" + SECRET);

    assertThat(response.getStatus()).isEqualTo(403);
    assertThat(response.getContentAsString())
        .contains("This agent is disabled.")
        .contains("PermissionException");
    assertThat(seen).isEmpty();
    verify(repository, never()).recordKeyUse(anyLong(), any(), any());
  }

  @Test
  void credentialsNoAgentCanHaveNeverReachTheRepository() throws Exception {
    for (String authorization :
        List.of(
            "token ak_a\u0001b:" + SECRET,
            "token " + KEY + ":as_\u00e9",
            "token ak_:" + SECRET,
            "token " + "ak_" + "k".repeat(62) + ":" + SECRET,
            "Bearer " + KEY + ":" + SECRET,
            "token " + KEY)) {
      send("/api/v1/agents/me", authorization);
    }
    verifyNoInteractions(repository);
    assertThat(seen).hasSize(6).containsOnlyNulls();
  }

  @Test
  void twoAuthorizationHeadersAreNoCredentialsAtAll() throws Exception {
    when(repository.findKey(KEY)).thenReturn(Optional.of(key(SECRET, true, now())));
    MockHttpServletRequest request = request("/api/v1/agents/me");
    request.addHeader("Authorization", "token " + KEY + ":" + SECRET);
    request.addHeader("Authorization", "token " + KEY + ":" + SECRET);
    send(request);
    assertThat(seen).containsExactly((Authentication) null);
    verifyNoInteractions(repository);
  }

  @Test
  void withoutCredentialsTheRequestGoesOnAnonymousAndUncounted() throws Exception {
    limiter = new FailedAuthLimiter(0, 60_000, 1000, clock);
    MockHttpServletResponse response = send(request("/api/v1/agents/me"));
    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(seen).containsExactly((Authentication) null);
    verifyNoInteractions(repository);
  }

  /**
   * Elsewhere than /api/ (Swagger UI, a scraper of the metrics) the header is not read, nor a
   * failure counted.
   */
  @Test
  void outsideTheApiCredentialsAreNotRead() throws Exception {
    limiter = new FailedAuthLimiter(0, 60_000, 1000, clock);
    for (String path : List.of("/actuator/prometheus", "/swagger-ui/index.html", "/apiv1")) {
      MockHttpServletResponse response = send(path, "token " + KEY + ":" + SECRET);
      assertThat(response.getStatus()).as(path).isEqualTo(200);
    }
    verifyNoInteractions(repository);
  }

  @Test
  void pastTheLimitAFailureIs429WithRetryAfter() throws Exception {
    limiter = new FailedAuthLimiter(1, 60_000, 1000, clock);
    assertThat(send("/api/v1/agents/me", "token ak_unknown:" + SECRET).getStatus()).isEqualTo(200);

    MockHttpServletResponse limited = send("/api/v1/agents/me", "token ak_unknown:" + SECRET);

    assertThat(limited.getStatus()).isEqualTo(429);
    assertThat(limited.getHeader("Retry-After")).isNotBlank();
    assertThat(limited.getContentAsString()).contains("RateLimitException");
    assertThat(seen).hasSize(1);
  }

  /**
   * A malformed key is counted by address only; a well-formed one by key too, whatever the address.
   */
  @Test
  void onlyAKeyAnAgentCouldHaveIsCountedByKey() throws Exception {
    limiter = new FailedAuthLimiter(1, 60_000, 1000, clock);
    assertThat(sendFrom("10.0.0.1", "token ak_bad\u0001:" + SECRET).getStatus()).isEqualTo(200);
    assertThat(sendFrom("10.0.0.2", "token ak_bad\u0001:" + SECRET).getStatus()).isEqualTo(200);

    assertThat(sendFrom("10.0.0.3", "token ak_unknown:" + SECRET).getStatus()).isEqualTo(200);
    assertThat(sendFrom("10.0.0.4", "token ak_unknown:" + SECRET).getStatus()).isEqualTo(429);
  }

  @Test
  void aKeysFirstUseIsRecordedAndTheRowAnswersWithIt() throws Exception {
    when(repository.findKey(KEY)).thenReturn(Optional.of(key(SECRET, true, null)));
    when(repository.recordKeyUse(ID, now(), now().minusSeconds(60))).thenReturn(true);

    send("/api/v1/agents/me", "token " + KEY + ":" + SECRET);

    verify(repository).recordKeyUse(ID, now(), now().minusSeconds(60));
    assertThat(agent(0).apiKeyLastUsedAt()).isEqualTo(now());
  }

  @Test
  void aUseIsRecordedAtMostOnceAMinute() throws Exception {
    OffsetDateTime exactlyAMinuteAgo = now().minus(ApiKeyAuthenticationFilter.KEY_USE_RESOLUTION);
    when(repository.findKey(KEY)).thenReturn(Optional.of(key(SECRET, true, exactlyAMinuteAgo)));

    send("/api/v1/agents/me", "token " + KEY + ":" + SECRET);

    verify(repository, never()).recordKeyUse(anyLong(), any(), any());
    assertThat(agent(0).apiKeyLastUsedAt()).isEqualTo(exactlyAMinuteAgo);
  }

  @Test
  void aUseOlderThanAMinuteIsRecordedAgain() throws Exception {
    OffsetDateTime older = now().minusSeconds(61);
    when(repository.findKey(KEY)).thenReturn(Optional.of(key(SECRET, true, older)));
    when(repository.recordKeyUse(ID, now(), now().minusSeconds(60))).thenReturn(true);

    send("/api/v1/agents/me", "token " + KEY + ":" + SECRET);

    assertThat(agent(0).apiKeyLastUsedAt()).isEqualTo(now());
  }

  /**
   * Another request recorded a use since this one read the row: the row is read again, with what it
   * wrote.
   */
  @Test
  void aUseRecordedConcurrentlyIsReadBack() throws Exception {
    OffsetDateTime byTheOther = now().minusSeconds(1);
    when(repository.findKey(KEY)).thenReturn(Optional.of(key(SECRET, true, null)));
    when(repository.recordKeyUse(eq(ID), any(), any())).thenReturn(false);
    when(repository.findKey(ID, KEY)).thenReturn(Optional.of(key(SECRET, true, byTheOther)));

    send("/api/v1/agents/me", "token " + KEY + ":" + SECRET);

    assertThat(agent(0).apiKeyLastUsedAt()).isEqualTo(byTheOther);
  }

  @Test
  void aRowGoneSinceIsAnsweredAsItWasRead() throws Exception {
    when(repository.findKey(KEY)).thenReturn(Optional.of(key(SECRET, true, null)));
    when(repository.recordKeyUse(eq(ID), any(), any())).thenReturn(false);
    when(repository.findKey(ID, KEY)).thenReturn(Optional.empty());

    send("/api/v1/agents/me", "token " + KEY + ":" + SECRET);

    assertThat(agent(0).id()).isEqualTo(ID);
    assertThat(agent(0).apiKeyLastUsedAt()).isNull();
  }

  private AgentRow agent(int request) {
    return ((AuthenticatedAgent) seen.get(request)).agent();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static MockHttpServletRequest request(String path) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    request.setServletPath(path);
    return request;
  }

  private MockHttpServletResponse send(String path, String authorization) throws Exception {
    MockHttpServletRequest request = request(path);
    request.addHeader("Authorization", authorization);
    return send(request);
  }

  private MockHttpServletResponse sendFrom(String address, String authorization) throws Exception {
    MockHttpServletRequest request = request("/api/v1/agents/me");
    request.setRemoteAddr(address);
    request.addHeader("Authorization", authorization);
    return send(request);
  }

  private MockHttpServletResponse send(MockHttpServletRequest request) throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter()
        .doFilter(
            request,
            response,
            (req, res) -> {
              seen.add(SecurityContextHolder.getContext().getAuthentication());
              SecurityContextHolder.clearContext();
            });
    return response;
  }

  private ApiKeyAuthenticationFilter current;

  /**
   * One filter for the test, over agents of its own (so its hints are its own) on the mocked
   * repository, made once the test has chosen its limiter.
   */
  private ApiKeyAuthenticationFilter filter() {
    if (current == null) {
      current =
          new ApiKeyAuthenticationFilter(
              AgentRows.agents(repository),
              ContractJson.errorWriter(),
              limiter,
              clock,
              EmbeddedStore.none());
    }
    return current;
  }
}
