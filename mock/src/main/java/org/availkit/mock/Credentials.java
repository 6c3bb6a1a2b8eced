package org.availkit.mock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Authentication as the server does it: {@code Basic base64(key:secret)} or
 * {@code token key:secret}, scheme names in any case, exactly one Authorization header.
 * Anything else is the server's one 401.
 */
final class Credentials {

  private static final int MAX_HEADER_LENGTH = 1024;

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
    return parse(authorizationHeaders.get(0)).filter(this::accepts).map(pair -> pair[0]);
  }

  private boolean accepts(String[] pair) {
    if (acceptAny) {
      return true;
    }
    String secret = accepted.get(pair[0]);
    return secret != null && MessageDigest.isEqual(
        secret.getBytes(StandardCharsets.UTF_8), pair[1].getBytes(StandardCharsets.UTF_8));
  }

  static Optional<String[]> parse(String header) {
    if (header == null || header.length() > MAX_HEADER_LENGTH) {
      return Optional.empty();
    }
    String value = header.strip();
    int space = value.indexOf(' ');
    if (space < 0) {
      return Optional.empty();
    }
    String rest = value.substring(space + 1).strip();
    String pair;
    switch (value.substring(0, space).toLowerCase(Locale.ROOT)) {
      case "basic" -> {
        try {
          pair = new String(Base64.getDecoder().decode(rest), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return Optional.empty();
        }
      }
      case "token" -> pair = rest;
      default -> {
        return Optional.empty();
      }
    }
    int colon = pair.indexOf(':');
    if (colon <= 0 || colon == pair.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new String[] {pair.substring(0, colon), pair.substring(colon + 1)});
  }
}
