package org.availkit.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.availkit.server.agent.AgentRepository;
import org.availkit.server.agent.AgentRepository.KeyRecord;
import org.availkit.server.agent.AgentRow;
import org.availkit.contract.ApiCredentials;
import org.availkit.contract.ApiCredentials.Presented;
import org.availkit.server.system.ApiError;
import org.availkit.server.system.ErrorWriter;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request from its {@code Authorization} header. Valid credentials of an enabled
 * agent make the request an {@link AuthenticatedAgent}; a disabled agent gets 403 here. Anything
 * else leaves the request anonymous, and the security entry point answers 401 wherever
 * credentials are required, with the same body whatever was wrong; past the limit of failed
 * attempts from one address or on one key, the answer is 429 instead.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  /** {@code api_key_last_used_at} is written at most this often per key. */
  static final Duration KEY_USE_RESOLUTION = Duration.ofSeconds(60);

  /** The most keys {@link #agentOfKey} remembers. */
  static final int MAX_KEY_HINTS = 10_000;

  private final AgentRepository agents;
  /**
   * For keys that authenticated before: their agent's id, so that the next lookup goes by primary
   * key rather than through the key's index (at 100,000 agents the index lookup was a fifth of a
   * request's database time). Only a hint: the row, read fresh or kept as an exact copy where
   * this process is the database's only writer ({@link AgentRepository#findKey(long, String)}),
   * must still hold the key, and the secret is checked against it as always, so a rotated or
   * revoked key, or a disabled agent, takes effect at once. Only keys with the right secret are
   * remembered, so guessing cannot fill it; it is bounded all the same.
   */
  private final Cache<String, Long> agentOfKey = Caffeine.newBuilder().maximumSize(MAX_KEY_HINTS).build();
  private final ErrorWriter errors;
  private final FailedAuthLimiter limiter;
  private final Clock clock;

  ApiKeyAuthenticationFilter(AgentRepository agents, ErrorWriter errors, FailedAuthLimiter limiter, Clock clock) {
    this.agents = agents;
    this.errors = errors;
    this.limiter = limiter;
    this.clock = clock;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    List<String> headers = Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION));
    if (headers.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    Optional<Presented> presented = headers.size() == 1 ? ApiCredentials.parse(headers.get(0)) : Optional.empty();
    Optional<KeyRecord> key = presented.flatMap(this::authenticate);
    if (key.isEmpty()) {
      OptionalLong retryAfter =
          limiter.recordFailure(request.getRemoteAddr(), presented.map(Presented::apiKey).orElse(null));
      if (retryAfter.isPresent()) {
        errors.write(response, ApiError.tooManyRequests(retryAfter.getAsLong()));
        return;
      }
    } else {
      if (!key.get().agent().enabled()) {
        errors.write(response, ApiError.forbidden("This agent is disabled."));
        return;
      }
      AgentRow agent = recordUse(key.get().agent(), presented.get().apiKey());
      SecurityContextHolder.getContext().setAuthentication(new AuthenticatedAgent(agent));
    }
    chain.doFilter(request, response);
  }

  private Optional<KeyRecord> authenticate(Presented presented) {
    String apiKey = presented.apiKey();
    Long hint = agentOfKey.getIfPresent(apiKey);
    Optional<KeyRecord> key = hint == null ? Optional.empty() : agents.findKey(hint, apiKey);
    boolean byHint = key.isPresent();
    if (!byHint) {
      if (hint != null) {
        agentOfKey.invalidate(apiKey);
      }
      key = agents.findKey(apiKey);
    }
    // Checked against a decoy when the key is unknown, so both cases take the same time.
    boolean matches = ApiSecrets.matches(presented.apiSecret(), key.map(KeyRecord::secretHash).orElse(null));
    if (!matches) {
      return Optional.empty();
    }
    if (!byHint) {
      agentOfKey.put(apiKey, key.get().agentId());
    }
    return key;
  }

  /** Records the key's use when the one stored is stale; returns the row as it is afterwards. */
  private AgentRow recordUse(AgentRow agent, String apiKey) {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    OffsetDateTime staleBefore = now.minus(KEY_USE_RESOLUTION);
    OffsetDateTime lastUsed = agent.apiKeyLastUsedAt();
    if (lastUsed != null && !lastUsed.isBefore(staleBefore)) {
      return agent;
    }
    if (agents.recordKeyUse(agent.id(), now, staleBefore)) {
      return agent.withKeyLastUsedAt(now);
    }
    // Another request recorded a use since the row was read: read what it wrote.
    return agents.findKey(agent.id(), apiKey).map(KeyRecord::agent).orElse(agent);
  }
}
