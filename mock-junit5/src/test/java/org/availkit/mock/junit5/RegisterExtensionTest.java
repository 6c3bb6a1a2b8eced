package org.availkit.mock.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.availkit.mock.MockOptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The field form: a builder, or the mock's command line as it is. */
class RegisterExtensionTest {

  @Nested
  class Built {
    // README.md, "Use the mock", JUnit 5, shows this field.
    @RegisterExtension
    static AvailabilityMockExtension mock =
        AvailabilityMockExtension.builder()
            .credential("ak_widget", "as_widget")
            .corsOrigins("https://helpdesk.example.com")
            .build();

    @Test
    void theFieldGivesTheUrlAndTheAdminClient() {
      mock.admin().setStatus("ak_widget", "away_and_reassigning");

      assertThat(Requests.getAgent(mock.url(), "ak_widget", "as_widget")).isEqualTo(200);
      assertThat(mock.admin().requests()).hasSize(1);
      assertThat(mock.admin().agent("ak_widget").availabilityStatus())
          .isEqualTo("away_and_reassigning");
    }

    @Test
    void theBuildersOptions(@MockUrl String url) {
      assertThat(url).isEqualTo(mock.url());
      assertThat(Requests.getAgent(url, MockOptions.DEMO_KEY, MockOptions.DEMO_SECRET))
          .isEqualTo(401);
      assertThat(Requests.preflight(url, "https://elsewhere.example.com").statusCode())
          .isEqualTo(403);
    }

    @Test
    void parametersResolveToTheFieldsMock(RunningMock running, MockAdmin admin) {
      assertThat(running).isSameAs(mock.running());
      assertThat(admin).isSameAs(mock.admin());
    }
  }

  @Nested
  class CommandLine {
    @RegisterExtension
    static AvailabilityMockExtension mock =
        AvailabilityMockExtension.withOptions("--accept-any-credentials", "--no-cors");

    @Test
    void everyFlagOfTheMock() {
      assertThat(Requests.getAgent(mock.url(), "ak_anyone", "as_anything")).isEqualTo(200);
      assertThat(mock.running().options().cors()).isFalse();
      assertThat(mock.running().options().port()).isNotEqualTo(MockOptions.defaults().port());
    }
  }

  @Nested
  class EveryBuilderOption {
    @RegisterExtension
    static AvailabilityMockExtension mock =
        AvailabilityMockExtension.builder()
            .acceptAnyCredentials()
            .latencyMillis(3)
            .corsOrigins()
            .options("--journal", "7")
            .build();

    @Test
    void reachTheMocksOptions() {
      MockOptions options = mock.running().options();
      assertThat(options.acceptAnyCredentials()).isTrue();
      assertThat(options.latencyMillis()).isEqualTo(3);
      assertThat(options.corsOrigins()).isEmpty();
      assertThat(options.journalEntries()).isEqualTo(7);
      assertThat(Requests.preflight(mock.url(), "https://helpdesk.example.com").statusCode())
          .isEqualTo(403);
    }
  }

  @Test
  void aWrongOptionFailsWhereTheFieldIsMade() {
    assertThatThrownBy(() -> AvailabilityMockExtension.withOptions("--latency", "soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--latency takes a number, got: soon");
    assertThatThrownBy(() -> AvailabilityMockExtension.builder().options("--colour").build())
        .hasMessage("Unknown option: --colour");
  }

  @Test
  void outsideItsClassTheFieldHasNoMock() {
    assertThatThrownBy(() -> Built.mock.url())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("No availability mock is running");
  }
}
