package org.availkit.server.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the {@code Authorization} header in both forms Libredesk accepts, with scheme names in
 * any case: {@code Basic base64(key:secret)} and {@code token key:secret}.
 */
final class ApiCredentialsParser {

  /** Far more than any real key and secret; longer headers are not decoded at all. */
  private static final int MAX_HEADER_LENGTH = 1024;

  private ApiCredentialsParser() {}

  record Presented(String apiKey, String apiSecret) {
    @Override
    public String toString() {
      return "Presented[apiKey=" + apiKey + "]";
    }
  }

  static Optional<Presented> parse(String header) {
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
      case "basic" -> decodeBase64(rest).flatMap(ApiCredentialsParser::split);
      case "token" -> split(rest);
      default -> Optional.empty();
    };
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
