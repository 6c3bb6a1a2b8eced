package org.availkit.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiSecretsTest {

  @Test
  void newCredentialsAreLongRandomAndDistinct() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      ApiSecrets.Credentials c = ApiSecrets.newCredentials();
      assertThat(c.apiKey()).startsWith("ak_").doesNotContain(":");
      assertThat(c.apiSecret()).startsWith("as_").hasSize(46).doesNotContain(":");
      assertThat(seen.add(c.apiSecret())).isTrue();
    }
  }

  @Test
  void aSecretMatchesOnlyItsOwnHash() {
    String secret = ApiSecrets.newCredentials().apiSecret();
    String hash = ApiSecrets.hash(secret);
    assertThat(hash).hasSize(64).doesNotContain(secret);
    assertThat(ApiSecrets.matches(secret, hash)).isTrue();
    assertThat(ApiSecrets.matches(secret + "x", hash)).isFalse();
    assertThat(ApiSecrets.matches(ApiSecrets.newCredentials().apiSecret(), hash)).isFalse();
  }

  @Test
  void noSecretMatchesAMissingHash() {
    assertThat(ApiSecrets.matches(ApiSecrets.newCredentials().apiSecret(), null)).isFalse();
  }

  @Test
  void theKeysAndSecretsItMakesAreWellFormed() {
    ApiSecrets.Credentials c = ApiSecrets.newCredentials();
    assertThat(ApiSecrets.wellFormedKey(c.apiKey())).isTrue();
    assertThat(ApiSecrets.wellFormedSecret(c.apiSecret())).isTrue();
  }

  /** A key: ak_ then 1 to 61 URL-safe Base64 characters (the api_key column holds 64). */
  @Test
  void aKeyIsWellFormedOnlyInTheShapeTheServerMakes() {
    assertThat(ApiSecrets.wellFormedKey("ak_x")).isTrue();
    assertThat(ApiSecrets.wellFormedKey("ak_" + "A-z_9".repeat(12) + "x")).isTrue();
    assertThat(ApiSecrets.wellFormedKey("ak_" + "x".repeat(62))).isFalse();
    assertThat(ApiSecrets.wellFormedKey("ak_")).isFalse();
    assertThat(ApiSecrets.wellFormedKey("xk_abc")).isFalse();
    assertThat(ApiSecrets.wellFormedKey("ak_a\0b")).isFalse();
    assertThat(ApiSecrets.wellFormedKey("ak_\u00e9t\u00e9")).isFalse();
    assertThat(ApiSecrets.wellFormedKey("ak_a b")).isFalse();
    assertThat(ApiSecrets.wellFormedKey(" ak_abc")).isFalse();
  }

  /** A secret: 1 to 128 printable ASCII characters, no space. */
  @Test
  void aSecretIsWellFormedWhenPrintableAsciiUpTo128Characters() {
    assertThat(ApiSecrets.wellFormedSecret("x")).isTrue();
    assertThat(ApiSecrets.wellFormedSecret("!~:" + "s".repeat(125))).isTrue();
    assertThat(ApiSecrets.wellFormedSecret("s".repeat(129))).isFalse();
    assertThat(ApiSecrets.wellFormedSecret("")).isFalse();
    assertThat(ApiSecrets.wellFormedSecret("as_a b")).isFalse();
    assertThat(ApiSecrets.wellFormedSecret("as_\0")).isFalse();
    assertThat(ApiSecrets.wellFormedSecret("as_\u00e9")).isFalse();
  }

  @Test
  void credentialsNeverPrintTheirSecret() {
    ApiSecrets.Credentials c = ApiSecrets.newCredentials();
    assertThat(c.toString()).contains(c.apiKey()).doesNotContain(c.apiSecret());
  }
}
