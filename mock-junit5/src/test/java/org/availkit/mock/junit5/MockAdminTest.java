package org.availkit.mock.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.UncheckedIOException;
import org.availkit.mock.AvailabilityMock;
import org.availkit.mock.MockOptions;
import org.availkit.mock.junit5.MockAdmin.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The admin client, against the extension's mock. */
@AvailabilityMockTest(credentials = "ak_admin:as_admin")
class MockAdminTest {

  @Test
  void theJournalOldestFirstWithWhatWasSentAndAnswered(@MockUrl String url, MockAdmin admin) {
    Requests.getAgent(url, "ak_admin", "as_admin");
    Requests.getAgent(url, "ak_admin", "wrong");
    Requests.preflight(url, "https://helpdesk.example.com");

    assertThat(admin.requests())
        .extracting(RecordedRequest::method, RecordedRequest::path, RecordedRequest::status)
        .containsExactly(
            tuple("GET", "/api/v1/agents/me", 200),
            tuple("GET", "/api/v1/agents/me", 401),
            tuple("OPTIONS", "/api/v1/agents/me/availability", 204));
    RecordedRequest refused = admin.requests().get(1);
    assertThat(refused.header("authorization")).startsWith("Basic ");
    assertThat(refused.header("AUTHORIZATION")).isEqualTo(refused.headers().get("Authorization"));
    assertThat(refused.responseBody()).contains("\"error_type\":\"UnauthorizedException\"");
  }

  @Test
  void theUrlKeepsItsQueryThePathDoesNot(@MockUrl String url, MockAdmin admin) {
    assertThat(Requests.get(url + "/api/v1/agents/me?lang=en").statusCode()).isEqualTo(401);

    RecordedRequest request = admin.requests().get(0);
    assertThat(request.url()).isEqualTo("/api/v1/agents/me?lang=en");
    assertThat(request.path()).isEqualTo("/api/v1/agents/me");
    assertThat(request.header("Authorization")).isNull();
    assertThat(request.body()).isEmpty();
  }

  @Test
  void setAStatusReadTheAgent(MockAdmin admin) {
    MockAdmin.Agent set = admin.setStatus("ak_admin", "away_manual");

    assertThat(set.availabilityStatus()).isEqualTo("away_manual");
    MockAdmin.Agent read = admin.agent("ak_admin");
    assertThat(read.availabilityStatus()).isEqualTo("away_manual");
    assertThat(read.field("updated_at")).isEqualTo(set.field("updated_at")).isNotBlank();
    assertThat(read.field("no_such_field")).isNull();
    assertThat(read.json()).contains("\"availability_status\":\"away_manual\"");
  }

  @Test
  void aStatusTheSpecDoesNotListIsRefusedUnlessAskedFor(MockAdmin admin) {
    assertThatThrownBy(() -> admin.setStatus("ak_admin", "napping"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("availability_status")
        .hasMessageContaining("away_manual");

    assertThat(admin.setUnlistedStatus("ak_admin", "napping").availabilityStatus())
        .isEqualTo("napping");
    assertThat(admin.agent("ak_admin").availabilityStatus()).isEqualTo("napping");
  }

  @Test
  void anyMockByItsUrl(RunningMock mock) {
    MockAdmin other = new MockAdmin(mock.url() + "/", null);
    other.setStatus(MockOptions.DEMO_KEY, "busy");

    assertThat(mock.admin().agent(MockOptions.DEMO_KEY).availabilityStatus()).isEqualTo("busy");
  }

  @Test
  void anAnswerOtherThanTheAdminAPIsIsAnErrorWithIt(RunningMock mock) {
    // Not the admin API: the API's answer to a request without credentials (checked first, as on
    // the server).
    assertThatThrownBy(() -> new MockAdmin(mock.url() + "/api/v1", null).reset())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the mock's admin API answered POST /__admin/reset with 401: ")
        .hasMessageContaining("UnauthorizedException");
  }

  @Test
  void noMockThereIsAnIoError() {
    int port;
    try (AvailabilityMock stopped = AvailabilityMock.start(MockOptions.defaults().withPort(0))) {
      port = stopped.port();
    }

    assertThatThrownBy(() -> new MockAdmin("http://localhost:" + port, null).requests())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("GET http://localhost:" + port + "/__admin/requests failed");
  }
}
