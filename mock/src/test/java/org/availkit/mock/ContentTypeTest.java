package org.availkit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The mock's reading of {@code Content-Type}, case by case as the server's Spring reads it (the
 * contract tests' hostile corpus sends many more to both, with Spring's own parser as the judge).
 */
class ContentTypeTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "application/json | true",
        "APPLICATION/Json | true",
        "application/json;charset=utf-8 | true",
        "application/json ; charset = UTF-16 | true",
        "application/json; charset=\"utf-8\" | true",
        "application/json; charset='utf-8' | true",
        // A later charset replaces an earlier one, whatever its case.
        "application/json; charset=bogus; Charset=utf-8 | true",
        "application/json; charset=utf-8; charset=bogus | false",
        "application/json; boundary=x | true",
        "application/json; foo | true",
        "application/json; foo=\"a b; c\" | true",
        "application/json; q=0.5 | true",
        "application/json; | true",
        "application/json; charset=bogus | false",
        "application/json; charset= | false",
        "application/json; charset=\"no such\" | false",
        "application/json; foo= | false",
        "application/json; foo=a b | false",
        "application/json; =x | false",
        "application/json; q=2 | false",
        "application/json; q=x | false",
        "application/merge-patch+json | false",
        "application/vnd.api+json | false",
        "application/jsonx | false",
        "application/ json | false",
        "application/* | false",
        "*/* | false",
        "* | false",
        "json | false",
        "application | false",
        "application/ | false",
        "/json | false",
        "; charset=utf-8 | false",
        "multipart/form-data | false",
        "application/x-www-form-urlencoded | false",
        "application/jsón | false",
      })
  void jsonIsApplicationJsonWithParametersSpringTakes(String type, boolean json) {
    assertThat(ContentType.isJson(type)).as(type).isEqualTo(json);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "multipart/form-data",
        " multipart/mixed; boundary=x",
        "application/x-www-form-urlencoded; charset=bogus",
        "text/plain; charset=\"no such\"",
        "application/json; foo=",
        "application/x-availkit-not-json; sent=%zz",
        "é/ü; x=%41"
      })
  void aTypeThatIsNotJsonIsShownAsOneWireMockReadsSafelyAndNamedAsSent(String type) {
    String shown = ContentType.shownToWireMock(type);
    assertThat(shown).startsWith(ContentType.NOT_JSON + "; sent=");
    assertThat(shown.substring(shown.indexOf('=') + 1)).matches("[A-Za-z0-9%._*+-]+");
    assertThat(ContentType.isJson(shown)).isFalse();
    assertThat(ContentType.sent(shown)).isEqualTo(type);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "application/json | ",
        "application/json; charset=utf-8 | ",
        "application/json; charset=\"UTF-8\" | ",
        "application/json ; charset = utf-8 | application/json; charset=UTF-8",
        "application/json; charset='utf-8' | application/json; charset=UTF-8",
        "application/json; charset= utf-8 | application/json; charset=UTF-8",
        "application/json; x=\"application/x-www-form-urlencoded\" | application/json",
      })
  void aJsonTypeIsShownAsSentUnlessWireMockWouldMisreadIt(String type, String shown) {
    assertThat(ContentType.shownToWireMock(type)).isEqualTo(shown);
    assertThat(ContentType.isJson(type)).isTrue();
  }
}
