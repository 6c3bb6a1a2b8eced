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
  void credentialsNeverPrintTheirSecret() {
    ApiSecrets.Credentials c = ApiSecrets.newCredentials();
    assertThat(c.toString()).contains(c.apiKey()).doesNotContain(c.apiSecret());
  }
}
