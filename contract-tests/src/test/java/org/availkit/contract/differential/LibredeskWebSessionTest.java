package org.availkit.contract.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.availkit.contract.ServerAndMock;
import org.availkit.contract.consumer.LibredeskWebClient;
import org.availkit.contract.testing.ApiTestClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Libredesk's own web frontend, one session against the server and one against the mock: each call
 * in turn, as its store makes it, and the status it then shows. The expected statuses are those
 * upstream's server stores for the same calls (it stores what it is sent, and never lets an idle
 * change overwrite {@code away_manual} or {@code away_and_reassigning}).
 */
class LibredeskWebSessionTest extends ServerAndMock {

  @ParameterizedTest(name = "against the {0}")
  @ValueSource(strings = {"server", "mock"})
  void theSwitchesAndIdleDetectionShowWhatUpstreamStores(String target) {
    LibredeskWebClient web = client(target);
    List<String> shown = new ArrayList<>();
    shown.add(web.currentUser().availabilityStatus());
    for (Function<LibredeskWebClient, String> step :
        List.<Function<LibredeskWebClient, String>>of(
            c -> c.away(true),
            c -> c.away(false),
            c -> c.reassign(true),
            c -> c.reassign(false),
            c -> c.away(false),
            LibredeskWebClient::idle,
            LibredeskWebClient::active)) {
      shown.add(step.apply(web));
    }
    assertThat(shown)
        .containsExactly(
            "online",
            "away_manual",
            "online",
            "away_and_reassigning",
            "away_manual",
            "online",
            "away",
            "online");
  }

  /** The six bodies of the frontend's table sent in that order, whatever the store would skip. */
  @ParameterizedTest(name = "against the {0}")
  @ValueSource(strings = {"server", "mock"})
  void everyBodyTheFrontendSendsGetsTheStatusUpstreamStores(String target) {
    LibredeskWebClient web = client(target);
    assertThat(
            List.of(
                web.updateUserAvailability("away_manual", "user"),
                web.updateUserAvailability("online", "user"),
                web.updateUserAvailability("away_and_reassigning", "user"),
                web.updateUserAvailability("away_manual", "user"),
                web.updateUserAvailability("away", "idle"),
                web.updateUserAvailability("online", "idle")))
        .containsExactly(
            "away_manual",
            "online",
            "away_and_reassigning",
            "away_manual",
            "away_manual",
            "away_manual");
  }

  private LibredeskWebClient client(String target) {
    String url = target.equals("server") ? "http://localhost:" + port : mock.url();
    return new LibredeskWebClient(url, ApiTestClient.basic(KEY, SECRET));
  }
}
