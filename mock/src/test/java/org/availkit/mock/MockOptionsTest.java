package org.availkit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.availkit.contract.testing.AgentFixtures;
import org.availkit.contract.testing.TestProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MockOptionsTest {

  @Test
  void defaultsArePort4010TheDemoPairCorsAndABoundedJournal() {
    MockOptions options = MockOptions.parse();
    assertThat(options.port()).isEqualTo(4010);
    assertThat(options.credentials())
        .isEqualTo(Map.of(AgentFixtures.DEMO_KEY, AgentFixtures.DEMO_SECRET));
    assertThat(options.cors()).isTrue();
    assertThat(options.corsOrigins()).containsExactly("*");
    assertThat(options.journalEntries()).isPositive();
    assertThat(options.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(options.loopbackOnly()).isTrue();
    assertThat(options.adminToken()).isNull();
  }

  @Test
  void readsTheBindAddressAndTheAdminToken() {
    assertThat(MockOptions.parse("--bind", "::1").loopbackOnly()).isTrue();
    assertThat(MockOptions.parse("--bind", "localhost").bindAddress()).isEqualTo("127.0.0.1");
    assertThat(MockOptions.parse("--bind", "127.0.0.2").bindAddress()).isEqualTo("127.0.0.2");
    MockOptions everywhere = MockOptions.parse("--bind", "0.0.0.0", "--admin-token", "t0k-en_1");
    assertThat(everywhere.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(everywhere.everyInterface()).isTrue();
    assertThat(everywhere.loopbackOnly()).isFalse();
    assertThat(everywhere.adminToken()).isEqualTo("t0k-en_1");
    assertThat(MockOptions.parse("--admin-token", "x").adminToken()).isEqualTo("x");
  }

  /**
   * Reachable from other hosts, the admin API (reset, shutdown, the journal's Authorization
   * headers) needs a token.
   */
  @Test
  void refusesToListenBeyondThisMachineWithoutAnAdminToken() {
    for (String address : new String[] {"0.0.0.0", "::", "192.0.2.10"}) {
      assertThatThrownBy(() -> MockOptions.parse("--bind", address))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--bind " + address)
          .hasMessageContaining("reachable from other hosts")
          .hasMessageContaining("--admin-token");
    }
    assertThatThrownBy(() -> MockOptions.parse("--admin-token", "has space"))
        .hasMessageContaining("--admin-token");
    assertThatThrownBy(() -> MockOptions.parse("--admin-token", ""))
        .hasMessageContaining("--admin-token");
    assertThatThrownBy(() -> MockOptions.parse("--bind", "no-such-host.invalid"))
        .hasMessageContaining("--bind");
  }

  @Test
  void theCommandLineRefusesItWithTheUsageAndExitCode2() throws Exception {
    try (TestProcess process =
        TestProcess.java(
                "-cp",
                System.getProperty("java.class.path"),
                AvailabilityMock.class.getName(),
                "--port",
                "0",
                "--bind",
                "0.0.0.0")
            .start()) {
      boolean exited = process.waitFor(Duration.ofSeconds(60));
      String output = process.text();
      assertThat(exited).as("exited (a mock that starts does not): %s", output).isTrue();
      assertThat(process.exitValue()).as(output).isEqualTo(2);
      assertThat(output)
          .contains("--bind 0.0.0.0 makes the mock reachable from other hosts")
          .contains("give --admin-token TOKEN")
          .contains("usage: mock/run");
    }
  }

  @Test
  void readsEveryOption() {
    MockOptions options =
        MockOptions.parse(
            "--port",
            "5000",
            "--credential",
            "a:b",
            "--credential",
            "c:d:e",
            "--accept-any-credentials",
            "--no-cors",
            "--latency",
            "250",
            "--journal",
            "0");
    assertThat(options.port()).isEqualTo(5000);
    assertThat(options.credentials()).isEqualTo(Map.of("a", "b", "c", "d:e"));
    assertThat(options.acceptAnyCredentials()).isTrue();
    assertThat(options.cors()).isFalse();
    assertThat(options.latencyMillis()).isEqualTo(250);
    assertThat(options.journalEntries()).isZero();
  }

  @Test
  void readsAnOriginList() {
    assertThat(
            MockOptions.parse("--cors-origins", "https://a.example, http://localhost:[*]")
                .corsOrigins())
        .containsExactly("https://a.example", "http://localhost:[*]");
    MockOptions none = MockOptions.parse("--cors-origins", "");
    assertThat(none.cors()).isTrue();
    assertThat(none.corsOrigins()).isEmpty();
  }

  @Test
  void refusesWhatItCannotRead() {
    assertThatThrownBy(() -> MockOptions.parse("--port", "x"))
        .hasMessageContaining("--port takes a number");
    assertThatThrownBy(() -> MockOptions.parse("--credential", "nocolon"))
        .hasMessageContaining("KEY:SECRET");
    assertThatThrownBy(() -> MockOptions.parse("--colour")).hasMessageContaining("Unknown option");
    assertThatThrownBy(() -> MockOptions.parse("--latency")).hasMessageContaining("needs a value");
  }

  @Test
  void theBannerShowsTheUrlTheCredentialsAndACurl() {
    try (AvailabilityMock mock = MockTestSupport.start("--credential", "ak_x:as_y")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      mock.printBanner(new PrintStream(out, true, StandardCharsets.UTF_8));
      String banner = out.toString(StandardCharsets.UTF_8);
      assertThat(banner)
          .contains(mock.url())
          .contains("ak_x:as_y")
          .contains("curl -u 'ak_x:as_y'")
          .contains("Listening on 127.0.0.1 only")
          .contains("other hosts cannot");
    }
  }

  @Test
  void theBannerSaysWhenOtherHostsCanReachIt() {
    try (AvailabilityMock mock =
        MockTestSupport.start("--bind", "0.0.0.0", "--admin-token", "t0ken")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      mock.printBanner(new PrintStream(out, true, StandardCharsets.UTF_8));
      String banner = out.toString(StandardCharsets.UTF_8);
      assertThat(banner)
          .contains("http://localhost:" + mock.port())
          .contains("Listening on every interface (0.0.0.0): REACHABLE FROM OTHER HOSTS")
          .contains("Authorization: Token <the --admin-token>")
          .doesNotContain("t0ken");
    }
  }

  /** A relative --spec is the caller's, under the directory a launcher names, if it names one. */
  @Test
  void aRelativeSpecFileIsUnderTheCallersDirectory(@TempDir Path dir) throws IOException {
    Path spec = Files.writeString(dir.resolve("openapi.yaml"), "x");
    assertThat(MockOptions.specFile("openapi.yaml", dir.toString())).isEqualTo(spec);
    assertThat(MockOptions.specFile(spec.toString(), "/elsewhere")).isEqualTo(spec);
    assertThatThrownBy(() -> MockOptions.specFile("openapi.yaml", "/nonexistent"))
        .hasMessageContaining("--spec takes a readable file");
  }
}
