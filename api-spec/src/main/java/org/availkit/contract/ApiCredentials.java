package org.availkit.contract;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code Authorization} header in the two forms Libredesk accepts, with scheme names in any
 * case (the spec's Authentication section): {@code Basic base64(key:secret)} and {@code token
 * key:secret}. The server and the mock both read credentials through this class.
 */
public final class ApiCredentials {

  /** Far more than any real key and secret; longer headers are not decoded at all. */
  public static final int MAX_HEADER_LENGTH = 1024;

  private ApiCredentials() {}

  /** A key and secret as presented. Its string form never shows the secret. */
  public record Presented(String apiKey, String apiSecret) {
    @Override
    public String toString() {
      return "Presented[apiKey=" + apiKey + "]";
    }
  }

  /** The pair in the header, or empty when the header is not one of the two forms. */
  public static Optional<Presented> parse(String header) {
    if (header == null || header.length() > MAX_HEADER_LENGTH) {
      return Optional.empty();
    }
    String value = header.strip();
    int space = value.indexOf(' ');
    if (space < 0) {
      return Optional.empty();
    }
    String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
    String rest = value.substring(space + 1).strip();
    return switch (scheme) {
      case "basic" -> decodeBase64(rest).flatMap(ApiCredentials::split);
      case "token" -> split(rest);
      default -> Optional.empty();
    };
  }

  /**
   * The shape of every key the server can hold: {@code ak_}, then the URL-safe Base64 alphabet (the
   * keys it makes have 24 such characters), at most as long as its {@code api_key} column (64). The
   * server checks it before any lookup, so a key that no agent can have (a NUL byte, which
   * PostgreSQL refuses in a text parameter, other control characters, non-ASCII, a column's worth
   * too long) never reaches the database; the mock, which takes any pair of this shape with {@code
   * --accept-any-credentials}, refuses the rest with the server's 401.
   */
  private static final Pattern KEY_SHAPE = Pattern.compile("ak_[A-Za-z0-9_-]{1,61}");

  /** A secret's shape: printable ASCII, no space, no control characters, at most 128 characters. */
  private static final Pattern SECRET_SHAPE = Pattern.compile("[\\x21-\\x7E]{1,128}");

  /** Whether {@code apiKey} is shaped as a key the server could have issued. */
  public static boolean wellFormedKey(String apiKey) {
    return KEY_SHAPE.matcher(apiKey).matches();
  }

  /**
   * Whether {@code secret} is shaped as a secret (the server's are {@code as_} and 43 characters).
   */
  public static boolean wellFormedSecret(String secret) {
    return SECRET_SHAPE.matcher(secret).matches();
  }

  /**
   * Whether both halves of the pair are shaped as the server's ({@link #wellFormedKey}, {@link
   * #wellFormedSecret}).
   */
  public static boolean wellFormed(Presented presented) {
    return wellFormedKey(presented.apiKey()) && wellFormedSecret(presented.apiSecret());
  }

  private static Optional<String> decodeBase64(String encoded) {
    try {
      return Optional.of(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<Presented> split(String pair) {
    int colon = pair.indexOf(':');
    if (colon <= 0 || colon == pair.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new Presented(pair.substring(0, colon), pair.substring(colon + 1)));
  }
}
