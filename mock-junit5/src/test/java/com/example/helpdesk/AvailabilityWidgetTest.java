package com.example.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import org.availkit.mock.junit5.AvailabilityMockTest;
import org.availkit.mock.junit5.MockAdmin;
import org.availkit.mock.junit5.MockAdmin.RecordedRequest;
import org.availkit.mock.junit5.MockUrl;
import org.junit.jupiter.api.Test;

// One mock for the class, on a free port, accepting this pair; reset before each test.
@AvailabilityMockTest(credentials = "ak_widget:as_widget")
class AvailabilityWidgetTest {

  @Test
  void showsTheStatusTheAgentHas(@MockUrl String url, MockAdmin admin) throws Exception {
    admin.setStatus("ak_widget", "away_manual");

    AvailabilityWidget widget = new AvailabilityWidget(url, "ak_widget", "as_widget");

    assertThat(widget.status()).isEqualTo("away_manual");
    assertThat(admin.requests())
        .extracting(RecordedRequest::method, RecordedRequest::path, RecordedRequest::status)
        .containsExactly(tuple("GET", "/api/v1/agents/me", 200));
  }

  @Test
  void goingAwayStoresAwayManual(@MockUrl String url, MockAdmin admin) throws Exception {
    AvailabilityWidget widget = new AvailabilityWidget(url, "ak_widget", "as_widget");

    assertThat(widget.goAway()).isEqualTo("away_manual");
    assertThat(admin.agent("ak_widget").availabilityStatus()).isEqualTo("away_manual");
    assertThat(admin.requests().get(0).body()).isEqualTo("{\"status\":\"away\"}");
  }

  @Test
  void aWrongSecretShowsTheServersMessage(@MockUrl String url) {
    AvailabilityWidget widget = new AvailabilityWidget(url, "ak_widget", "wrong");

    assertThatThrownBy(widget::status)
        .isInstanceOfSatisfying(
            AvailabilityWidget.ApiError.class, e -> assertThat(e.status()).isEqualTo(401))
        .hasMessage("Invalid API credentials.");
  }
}
