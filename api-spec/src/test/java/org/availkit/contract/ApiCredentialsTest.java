package org.availkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiCredentialsTest {

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Basic ", "basic ", "BASIC ", "  Basic   "})
  void readsBasicInAnyCase(String prefix) {
    assertThat(ApiCredentials.parse(prefix + b64("ak_1:as_2")))
        .contains(new ApiCredentials.Presented("ak_1", "as_2"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"token ak_1:as_2", "Token ak_1:as_2", "TOKEN   ak_1:as_2 "})
  void readsTokenInAnyCase(String header) {
    assertThat(ApiCredentials.parse(header)).contains(new ApiCredentials.Presented("ak_1", "as_2"));
  }

  @Test
  void aSecretMayContainColons() {
    assertThat(ApiCredentials.parse("token ak_1:as:2")).contains(new ApiCredentials.Presented("ak_1", "as:2"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"Basic", "Basic !!!", "Bearer ak_1:as_2", "ak_1:as_2", "token ak_1", "token :as_2",
      "token ak_1:", "Digest ak_1:as_2"})
  void refusesWhatIsNotAPairInAKnownScheme(String header) {
    assertThat(ApiCredentials.parse(header)).isEmpty();
  }

  @Test
  void neverShowsTheSecret() {
    assertThat(new ApiCredentials.Presented("ak_1", "as_2").toString()).contains("ak_1").doesNotContain("as_2");
  }

  @Test
  void refusesHeadersLongerThanAnyRealCredential() {
    assertThat(ApiCredentials.parse("token ak_1:" + "s".repeat(2000))).isEmpty();
  }

  @Test
  void basicWithoutColonOrWithEmptyPartsIsRefused() {
    assertThat(ApiCredentials.parse("Basic " + b64("nocolon"))).isEmpty();
    assertThat(ApiCredentials.parse("Basic " + b64(":secret"))).isEmpty();
    assertThat(ApiCredentials.parse("Basic " + b64("key:"))).isEmpty();
  }
}
