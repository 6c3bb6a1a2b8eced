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
import org.availkit.contract.ApiCredentials;
import org.availkit.contract.ApiCredentials.Presented;
import org.availkit.contract.ErrorCatalogue;
import org.availkit.server.agent.AgentRepository.KeyRecord;
import org.availkit.server.agent.AgentRow;
import org.availkit.server.agent.Agents;
import org.availkit.server.agent.Agents.KeyHint;
import org.availkit.server.error.ApiError;
import org.availkit.server.error.ErrorWriter;
import org.availkit.server.system.EmbeddedStore;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request from its {@code Authorization} header. Valid credentials of an enabled
 * agent make the request an {@link AuthenticatedAgent}; a disabled agent gets 403 here. Anything
 * else leaves the request anonymous, and the security entry point answers 401 wherever credentials
 * are required, with the same body whatever was wrong; past the limit of failed attempts from one
 * address or on one key, the answer is 429 instead.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  /** {@code api_key_last_used_at} is written at most this often per key. */
  static final Duration KEY_USE_RESOLUTION = Duration.ofSeconds(60);

  /**
   * The agents, with the key hints ({@link Agents#hint}): a presented secret that matches its key's
   * hint is looked up by the agent's id, and the row must still hold the key and that hash, so a
   * rotated or revoked key, or a disabled agent, takes effect at once. A secret that does not match
   * goes the way of an unknown key, so that a wrong secret for a known key costs the same work as
   * any key at all: one digest against the hint (a decoy for an unknown key), one lookup through
   * the key's index, one digest against what it found.
   */
  private final Agents agents;

  private final ErrorWriter errors;
  private final FailedAuthLimiter limiter;
  private final Clock clock;

  /**
   * While its disk cannot take a write, a key's use is not recorded: a read must not fail on it.
   */
  private final EmbeddedStore store;

  ApiKeyAuthenticationFilter(
      Agents agents,
      ErrorWriter errors,
      FailedAuthLimiter limiter,
      Clock clock,
      EmbeddedStore store) {
    this.agents = agents;
    this.errors = errors;
    this.limiter = limiter;
    this.clock = clock;
    this.store = store;
  }

  /**
   * Only the API takes credentials: elsewhere (the Swagger UI page, an unknown path, the management
   * port, whose child context shares this chain) an {@code Authorization} header is not read, so a
   * scraper sending its own credentials is neither refused nor counted as a failure. The servlet
   * path is the one Tomcat's mapper already decoded and normalised (the dispatcher is mapped to
   * {@code /}, so it is the whole path): what Spring Security and Spring MVC match, read without
   * decoding it again on every request.
   */
  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getServletPath().startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    List<String> headers = Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION));
    if (headers.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    Optional<Presented> presented =
        headers.size() == 1 ? ApiCredentials.parse(headers.get(0)) : Optional.empty();
    // Credentials no agent can have (a NUL byte, a key past the column's length) are refused
    // before any lookup: the same 401 on every database, and nothing reaches it.
    Optional<KeyRecord> key =
        presented
            .filter(
                p ->
                    ApiSecrets.wellFormedKey(p.apiKey())
                        && ApiSecrets.wellFormedSecret(p.apiSecret()))
            .flatMap(this::authenticate);
    if (key.isEmpty()) {
      // Counted by address always, and by key where it is one an agent could have: a malformed
      // key would only take a place in the limiter's table.
      String countedKey =
          presented.map(Presented::apiKey).filter(ApiSecrets::wellFormedKey).orElse(null);
      OptionalLong retryAfter = limiter.recordFailure(request.getRemoteAddr(), countedKey);
      if (retryAfter.isPresent()) {
        errors.write(response, ApiError.of(ErrorCatalogue.tooManyRequests(retryAfter.getAsLong())));
        return;
      }
    } else {
      if (!key.get().agent().enabled()) {
        errors.write(response, ApiError.of(ErrorCatalogue.agentDisabled()));
        return;
      }
      AgentRow agent = recordUse(key.get().agent(), presented.get().apiKey());
      SecurityContextHolder.getContext().setAuthentication(new AuthenticatedAgent(agent));
    }
    chain.doFilter(request, response);
  }

  private Optional<KeyRecord> authenticate(Presented presented) {
    String apiKey = presented.apiKey();
    String secret = presented.apiSecret();
    KeyHint hint = agents.hint(apiKey);
    // A digest either way (against a decoy when there is no hint), so both ways cost the same.
    if (ApiSecrets.matches(secret, hint == null ? null : hint.secretHash())) {
      Optional<KeyRecord> key = agents.findKey(hint.agentId(), apiKey);
      if (key.isPresent() && key.get().secretHash().equals(hint.secretHash())) {
        return key;
      }
      agents.forgetHint(apiKey);
    }
    // No hint, a wrong secret, or a row that changed: through the key's index, as an unknown key.
    Optional<KeyRecord> key = agents.findKey(apiKey);
    boolean matches = ApiSecrets.matches(secret, key.map(KeyRecord::secretHash).orElse(null));
    if (!matches) {
      return Optional.empty();
    }
    agents.rememberHint(apiKey, key.get());
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
    if (!store.writable()) {
      return agent; // recorded on a later request, once the disk takes writes again
    }
    try {
      if (agents.recordKeyUse(agent.id(), now, staleBefore)) {
        return agent.withKeyLastUsedAt(now);
      }
    } catch (RuntimeException e) {
      if (!store.report(e)) {
        throw e;
      }
      return agent; // the store failed under this write: the request itself may still be served
    }
    // Another request recorded a use since the row was read: read what it wrote.
    return agents.findKey(agent.id(), apiKey).map(KeyRecord::agent).orElse(agent);
  }
}
