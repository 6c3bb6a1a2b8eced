package org.availkit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MockOptionsTest {

  @Test
  void defaultsArePort4010TheDemoPairCorsAndABoundedJournal() {
    MockOptions options = MockOptions.parse();
    assertThat(options.port()).isEqualTo(4010);
    assertThat(options.credentials()).isEqualTo(Map.of("ak_demo", "as_demo"));
    assertThat(options.cors()).isTrue();
    assertThat(options.corsOrigins()).containsExactly("*");
    assertThat(options.journalEntries()).isPositive();
  }

  @Test
  void readsEveryOption() {
    MockOptions options = MockOptions.parse("--port", "5000", "--credential", "a:b", "--credential", "c:d:e",
        "--accept-any-credentials", "--no-cors", "--latency", "250", "--journal", "0");
    assertThat(options.port()).isEqualTo(5000);
    assertThat(options.credentials()).isEqualTo(Map.of("a", "b", "c", "d:e"));
    assertThat(options.acceptAnyCredentials()).isTrue();
    assertThat(options.cors()).isFalse();
    assertThat(options.latencyMillis()).isEqualTo(250);
    assertThat(options.journalEntries()).isZero();
  }

  @Test
  void readsAnOriginList() {
    assertThat(MockOptions.parse("--cors-origins", "https://a.example, http://localhost:[*]").corsOrigins())
        .containsExactly("https://a.example", "http://localhost:[*]");
    MockOptions none = MockOptions.parse("--cors-origins", "");
    assertThat(none.cors()).isTrue();
    assertThat(none.corsOrigins()).isEmpty();
  }

  @Test
  void refusesWhatItCannotRead() {
    assertThatThrownBy(() -> MockOptions.parse("--port", "x")).hasMessageContaining("--port takes a number");
    assertThatThrownBy(() -> MockOptions.parse("--credential", "nocolon")).hasMessageContaining("KEY:SECRET");
    assertThatThrownBy(() -> MockOptions.parse("--colour")).hasMessageContaining("Unknown option");
    assertThatThrownBy(() -> MockOptions.parse("--latency")).hasMessageContaining("needs a value");
  }

  @Test
  void theBannerShowsTheUrlTheCredentialsAndACurl() {
    try (AvailabilityMock mock = MockTestSupport.start("--credential", "ak_x:as_y")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      mock.printBanner(new PrintStream(out, true, StandardCharsets.UTF_8));
      String banner = out.toString(StandardCharsets.UTF_8);
      assertThat(banner).contains(mock.url()).contains("ak_x:as_y").contains("curl -u 'ak_x:as_y'");
    }
  }
}
