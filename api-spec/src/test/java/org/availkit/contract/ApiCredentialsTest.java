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
    assertThat(ApiCredentials.parse("token ak_1:as:2"))
        .contains(new ApiCredentials.Presented("ak_1", "as:2"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "Basic",
        "Basic !!!",
        "Bearer ak_1:as_2",
        "ak_1:as_2",
        "token ak_1",
        "token :as_2",
        "token ak_1:",
        "Digest ak_1:as_2"
      })
  void refusesWhatIsNotAPairInAKnownScheme(String header) {
    assertThat(ApiCredentials.parse(header)).isEmpty();
  }

  @Test
  void neverShowsTheSecret() {
    assertThat(new ApiCredentials.Presented("ak_1", "as_2").toString())
        .contains("ak_1")
        .doesNotContain("as_2");
  }

  @Test
  void refusesHeadersLongerThanAnyRealCredential() {
    assertThat(ApiCredentials.parse("token ak_1:" + "s".repeat(2000))).isEmpty();
  }

  /**
   * The limit is on the header as sent: one of exactly {@code MAX_HEADER_LENGTH} is still read, one
   * more is not.
   */
  @Test
  void aHeaderOfExactlyTheLimitIsReadAndOneCharacterMoreIsNot() {
    String prefix = "token ak_1:";
    String atLimit = prefix + "s".repeat(ApiCredentials.MAX_HEADER_LENGTH - prefix.length());
    assertThat(atLimit).hasSize(ApiCredentials.MAX_HEADER_LENGTH);
    assertThat(ApiCredentials.parse(atLimit))
        .contains(new ApiCredentials.Presented("ak_1", atLimit.substring(prefix.length())));
    assertThat(ApiCredentials.parse(atLimit + "s")).isEmpty();
  }

  @Test
  void basicWithoutColonOrWithEmptyPartsIsRefused() {
    assertThat(ApiCredentials.parse("Basic " + b64("nocolon"))).isEmpty();
    assertThat(ApiCredentials.parse("Basic " + b64(":secret"))).isEmpty();
    assertThat(ApiCredentials.parse("Basic " + b64("key:"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ak_a:s", "ak_AZaz09_-:as_x", "ak_k:" + "!~"})
  void aPairOfTheServersShapeIsWellFormed(String pair) {
    String[] halves = pair.split(":", 2);
    assertThat(ApiCredentials.wellFormed(new ApiCredentials.Presented(halves[0], halves[1])))
        .isTrue();
  }

  @Test
  void theKeysShapeIsAkAndUpToSixtyOneOfTheUrlSafeAlphabet() {
    assertThat(ApiCredentials.wellFormedKey("ak_" + "k".repeat(61))).isTrue();
    assertThat(ApiCredentials.wellFormedKey("ak_" + "k".repeat(62))).isFalse();
    for (String key :
        new String[] {
          "ak_",
          "ak_a\0b",
          "ak_a\u0001b",
          "ak_caf\u00e9",
          "ak_a b",
          "ak_a+b",
          "ak_a/b",
          "ak_a=",
          "Ak_a",
          "xak_a",
          "ak_a\ud800",
          "agent_key"
        }) {
      assertThat(ApiCredentials.wellFormedKey(key)).as(key).isFalse();
    }
  }

  @Test
  void theSecretsShapeIsUpTo128PrintableAsciiCharacters() {
    assertThat(ApiCredentials.wellFormedSecret("!".repeat(128))).isTrue();
    assertThat(ApiCredentials.wellFormedSecret("~")).isTrue();
    assertThat(ApiCredentials.wellFormedSecret("s".repeat(129))).isFalse();
    for (String secret :
        new String[] {"", "as_a\0b", "as_ b", "as_\t", "as_\u007f", "as_caf\u00e9", "as_\udc00"}) {
      assertThat(ApiCredentials.wellFormedSecret(secret)).as(secret).isFalse();
    }
    assertThat(ApiCredentials.wellFormed(new ApiCredentials.Presented("ak_a", "as_\0"))).isFalse();
    assertThat(ApiCredentials.wellFormed(new ApiCredentials.Presented("ak_\0", "as_a"))).isFalse();
  }
}
