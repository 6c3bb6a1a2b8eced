package org.availkit.mock.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import org.availkit.mock.MockOptions;
import org.junit.jupiter.api.Test;

/** The annotation's attributes reach the mock as its command line's flags. */
@AvailabilityMockTest(
    credentials = {"ak_first:as_first", "ak_second:as_second"},
    latencyMillis = 5,
    corsOrigins = "https://helpdesk.example.com",
    options = {"--journal", "2"})
class AnnotationOptionsTest {

  @Test
  void theNamedPairsAndNoOther(@MockUrl String url) {
    assertThat(Requests.getAgent(url, "ak_first", "as_first")).isEqualTo(200);
    assertThat(Requests.getAgent(url, "ak_second", "as_second")).isEqualTo(200);
    assertThat(Requests.getAgent(url, MockOptions.DEMO_KEY, MockOptions.DEMO_SECRET))
        .isEqualTo(401);
  }

  @Test
  void theListedOriginOnly(@MockUrl String url) {
    assertThat(Requests.preflight(url, "https://helpdesk.example.com").statusCode()).isEqualTo(204);
    assertThat(Requests.preflight(url, "https://elsewhere.example.com").statusCode())
        .isEqualTo(403);
  }

  @Test
  void anyOtherFlag(@MockUrl String url, MockAdmin admin) {
    for (int i = 0; i < 3; i++) {
      Requests.getAgent(url, "ak_first", "as_first");
    }
    assertThat(admin.requests()).hasSize(2);
  }

  @Test
  void theLatencyAsGiven(RunningMock mock) {
    // Not timed (no timing assertions): the mock's own tests show what --latency does.
    assertThat(mock.options().latencyMillis()).isEqualTo(5);
  }
}
