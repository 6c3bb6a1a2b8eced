package org.availkit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin API ({@code /__admin}) and who may use it: the mock listens on 127.0.0.1 unless told
 * otherwise; with an admin token, every admin request needs it, and WireMock's own client sends it.
 */
class MockAdminApiSecurityTest {

  static final String ME = "/api/v1/agents/me";
  static AvailabilityMock mock;

  @BeforeAll
  static void start() {
    mock = MockTestSupport.start();
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  /** Each test starts with the demo agent away_manual (not the spec's example, online) and no stubs. */
  @BeforeEach
  void aKnownState() {
    MockTestSupport.send(mock, "POST", "/__admin/reset", Map.of(), null);
    MockTestSupport.setStatus(mock, MockOptions.DEMO_KEY, "away_manual");
  }

  // --- where it listens

  @Test
  void byDefaultItListensOnLoopbackOnly() throws Exception {
    assertThat(MockOptions.parse().bindAddress()).isEqualTo("127.0.0.1");
    Optional<InetAddress> external = externalAddress();
    assumeTrue(external.isPresent(), "this machine has no non-loopback address to try");
    assertThat(reachable(external.get(), mock.port())).as("the default mock on %s", external.get()).isFalse();
    assertThat(reachable(InetAddress.getByName("127.0.0.1"), mock.port())).isTrue();
    // The control: the same address does reach a mock that listens on every interface.
    try (AvailabilityMock everywhere = MockTestSupport.start("--bind", "0.0.0.0", "--admin-token", "t0ken")) {
      assertThat(reachable(external.get(), everywhere.port())).as("a mock on 0.0.0.0 at %s", external.get()).isTrue();
    }
  }

  // --- the admin token

  @Test
  void withAnAdminTokenEveryAdminRequestNeedsIt() {
    try (AvailabilityMock guarded = MockTestSupport.start("--admin-token", "s3cret-t0ken")) {
      Map<String, String> token = Map.of("Authorization", "Token s3cret-t0ken");
      assertThat(MockTestSupport.send(guarded, "PUT", "/__admin/agents/ak_demo/availability",
          Map.of("Authorization", "Token s3cret-t0ken", "Content-Type", "application/json"),
          "{\"availability_status\":\"away_manual\"}").statusCode()).isEqualTo(200);

      for (Map<String, String> wrong : List.<Map<String, String>>of(Map.of(), Map.of("Authorization", "Token nope"),
          Map.of("Authorization", "Bearer s3cret-t0ken"), Map.of("Authorization", "token s3cret-t0ken"),
          Map.of("Authorization", MockTestSupport.DEMO))) {
        for (String[] request : List.of(new String[] {"POST", "/__admin/reset"}, new String[] {"GET", "/__admin/requests"},
            new String[] {"POST", "/__admin/shutdown"})) {
          HttpResponse<String> answer = MockTestSupport.send(guarded, request[0], request[1], wrong, null);
          assertThat(answer.statusCode()).as("%s %s with %s", request[0], request[1], wrong).isEqualTo(401);
        }
      }
      // Not reset (the mock's own reset of its agents included), not shut down.
      assertThat(agentStatus(guarded, token)).isEqualTo("away_manual");
      assertThat(MockTestSupport.send(guarded, "POST", "/__admin/reset", token, null).statusCode()).isEqualTo(200);
      assertThat(agentStatus(guarded, token)).isEqualTo("online");
      // The token is the admin API's only: the API takes its credentials as before.
      assertThat(MockTestSupport.send(guarded, "GET", ME, Map.of("Authorization", MockTestSupport.DEMO), null)
          .statusCode()).isEqualTo(200);
    }
  }

  @Test
  void wireMocksOwnClientWorksWithTheToken() {
    try (AvailabilityMock guarded = MockTestSupport.start("--admin-token", "s3cret-t0ken")) {
      com.github.tomakehurst.wiremock.client.WireMock client = new com.github.tomakehurst.wiremock.client.WireMockBuilder()
          .host("localhost").port(guarded.port())
          .authenticator(new com.github.tomakehurst.wiremock.security.ClientTokenAuthenticator("s3cret-t0ken"))
          .build();
      client.register(com.github.tomakehurst.wiremock.client.WireMock.get("/stubbed")
          .willReturn(com.github.tomakehurst.wiremock.client.WireMock.ok()));
      assertThat(client.allStubMappings().getMappings()).hasSize(1);
      client.resetMappings();
      assertThat(client.allStubMappings().getMappings()).isEmpty();

      com.github.tomakehurst.wiremock.client.WireMock without = new com.github.tomakehurst.wiremock.client.WireMockBuilder()
          .host("localhost").port(guarded.port()).build();
      assertThatThrownBy(without::allStubMappings)
          .isInstanceOf(com.github.tomakehurst.wiremock.security.NotAuthorisedException.class);
    }
  }

  // --- helpers

  private static String agentStatus(AvailabilityMock target, Map<String, String> headers) {
    HttpResponse<String> answer = MockTestSupport.send(target, "GET", "/__admin/agents/ak_demo", headers, null);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return json(answer).path("data").path("availability_status").asText();
  }

  private static JsonNode json(HttpResponse<String> answer) {
    try {
      return Answer.JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new AssertionError(answer.body(), e);
    }
  }

  /** An address of this machine other than loopback (IPv4 first), if it has one. */
  static Optional<InetAddress> externalAddress() throws SocketException {
    List<InetAddress> found = NetworkInterface.networkInterfaces()
        .filter(MockAdminApiSecurityTest::upAndNotLoopback)
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress())
        .toList();
    return found.stream().filter(a -> a instanceof Inet4Address).findFirst().or(() -> found.stream().findFirst());
  }

  private static boolean upAndNotLoopback(NetworkInterface nic) {
    try {
      return nic.isUp() && !nic.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }

  private static boolean reachable(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 3_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
