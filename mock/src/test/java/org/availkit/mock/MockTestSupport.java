package org.availkit.mock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.availkit.contract.testing.ApiTestClient;

/** Starting mocks on free ports, and the odd raw request the spec-validating client does not send. */
final class MockTestSupport {

  static final String DEMO = ApiTestClient.basic(MockOptions.DEMO_KEY, MockOptions.DEMO_SECRET);

  private MockTestSupport() {}

  static AvailabilityMock start(String... args) {
    return AvailabilityMock.start(MockOptions.parse(args).withPort(0));
  }

  static HttpResponse<String> send(AvailabilityMock mock, String method, String path, Map<String, String> headers,
      String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mock.url() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    try {
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sets an agent's stored status through the admin API, as a frontend's test setup would. */
  static void setStatus(AvailabilityMock mock, String apiKey, String status) {
    HttpResponse<String> answer = send(mock, "PUT", "/__admin/agents/" + apiKey + "/availability",
        Map.of("Content-Type", "application/json"), "{\"availability_status\":\"" + status + "\"}");
    if (answer.statusCode() != 200) {
      throw new AssertionError("admin call failed: " + answer.statusCode() + " " + answer.body());
    }
  }
}
