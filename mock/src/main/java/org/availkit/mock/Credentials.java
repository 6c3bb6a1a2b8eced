package org.availkit.mock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.availkit.contract.ApiCredentials;
import org.availkit.contract.ApiCredentials.Presented;

/**
 * Authentication as the server does it: one Authorization header in one of the contract's two forms
 * ({@link ApiCredentials}, shared with the server) with an accepted pair. Anything else is the
 * server's one 401.
 */
final class Credentials {

  private final Map<String, String> accepted;
  private final boolean acceptAny;

  Credentials(Map<String, String> accepted, boolean acceptAny) {
    this.accepted = Map.copyOf(accepted);
    this.acceptAny = acceptAny;
  }

  /** The API key of the agent the headers authenticate, if they do. */
  Optional<String> authenticate(List<String> authorizationHeaders) {
    if (authorizationHeaders.size() != 1) {
      return Optional.empty();
    }
    return ApiCredentials.parse(authorizationHeaders.get(0))
        .filter(this::accepts)
        .map(Presented::apiKey);
  }

  private boolean accepts(Presented presented) {
    if (acceptAny) {
      // Any pair the server could have issued: a key or secret of another shape (a NUL byte,
      // non-ASCII, a key without ak_) gets the server's 401 here too.
      return ApiCredentials.wellFormed(presented);
    }
    String secret = accepted.get(presented.apiKey());
    return secret != null
        && MessageDigest.isEqual(
            secret.getBytes(StandardCharsets.UTF_8),
            presented.apiSecret().getBytes(StandardCharsets.UTF_8));
  }
}
