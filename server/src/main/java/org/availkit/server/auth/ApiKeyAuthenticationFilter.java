package org.availkit.server.auth;

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

  private final AgentRepository agents;
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
      if (!key.get().enabled()) {
        errors.write(response, ApiError.forbidden("This agent is disabled."));
        return;
      }
      recordUse(key.get());
      SecurityContextHolder.getContext().setAuthentication(new AuthenticatedAgent(key.get().agentId()));
    }
    chain.doFilter(request, response);
  }

  private Optional<KeyRecord> authenticate(Presented presented) {
    Optional<KeyRecord> key = agents.findKey(presented.apiKey());
    // Checked against a decoy when the key is unknown, so both cases take the same time.
    boolean matches = ApiSecrets.matches(presented.apiSecret(), key.map(KeyRecord::secretHash).orElse(null));
    return matches ? key : Optional.empty();
  }

  private void recordUse(KeyRecord key) {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    OffsetDateTime staleBefore = now.minus(KEY_USE_RESOLUTION);
    if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(staleBefore)) {
      agents.recordKeyUse(key.agentId(), now, staleBefore);
    }
  }
}
