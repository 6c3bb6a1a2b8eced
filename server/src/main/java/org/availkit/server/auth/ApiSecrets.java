package org.availkit.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.availkit.contract.ApiCredentials;

/**
 * API keys and secrets: how they are made, stored and checked.
 *
 * <p>A secret is 32 bytes from {@link SecureRandom} (256 bits), so it cannot be guessed or
 * brute-forced from its hash the way a person's password can. That is why it is stored as a plain
 * SHA-256 digest rather than with a deliberately slow password hash: checking it costs microseconds
 * instead of bcrypt's ~60 ms, and a stolen table of digests still reveals nothing usable. Digests
 * are compared in constant time.
 */
public final class ApiSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  /** The digest an unknown key is checked against, so that unknown and wrong take the same time. */
  private static final String DECOY_HASH = hash(newSecret());

  private ApiSecrets() {}

  /** A pair of credentials, as handed to a person once. */
  public record Credentials(String apiKey, String apiSecret) {
    @Override
    public String toString() {
      return "Credentials[apiKey=" + apiKey + ", apiSecret=<hidden>]";
    }
  }

  /**
   * Whether {@code apiKey} is shaped as a key this server could have issued: checked before any
   * lookup, so a key that no agent can have (a NUL byte, which PostgreSQL refuses in a text
   * parameter, other control characters, non-ASCII, a column's worth too long) never reaches the
   * database. The shape is {@link ApiCredentials#wellFormedKey}'s, which the mock uses too.
   */
  public static boolean wellFormedKey(String apiKey) {
    return ApiCredentials.wellFormedKey(apiKey);
  }

  /** Whether {@code secret} is shaped as a secret ({@link ApiCredentials#wellFormedSecret}). */
  public static boolean wellFormedSecret(String secret) {
    return ApiCredentials.wellFormedSecret(secret);
  }

  public static Credentials newCredentials() {
    return new Credentials("ak_" + random(18), newSecret());
  }

  private static String newSecret() {
    return "as_" + random(32);
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return ENCODER.encodeToString(b);
  }

  /** The stored form of a secret: SHA-256, hex. */
  public static String hash(String secret) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /**
   * Whether {@code secret} matches {@code storedHash}, in time that does not depend on where they
   * differ. A {@code null} stored hash (unknown or revoked key) is checked against a decoy and
   * never matches.
   */
  public static boolean matches(String secret, String storedHash) {
    String expected = storedHash == null ? DECOY_HASH : storedHash;
    boolean equal =
        MessageDigest.isEqual(
            hash(secret).getBytes(StandardCharsets.US_ASCII),
            expected.getBytes(StandardCharsets.US_ASCII));
    return equal && storedHash != null;
  }
}
