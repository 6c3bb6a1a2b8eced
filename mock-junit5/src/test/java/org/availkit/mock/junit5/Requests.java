package org.availkit.mock.junit5;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The few requests the extension's tests send to the API, and whether a port still listens. */
final class Requests {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Requests() {}

  /** {@code GET /api/v1/agents/me} with Basic credentials: the answer's status. */
  static int getAgent(String url, String apiKey, String apiSecret) {
    String basic =
        Base64.getEncoder()
            .encodeToString((apiKey + ":" + apiSecret).getBytes(StandardCharsets.UTF_8));
    return send(HttpRequest.newBuilder(URI.create(url + "/api/v1/agents/me"))
            .header("Authorization", "Basic " + basic)
            .GET())
        .statusCode();
  }

  /** {@code GET url}, without credentials. */
  static HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  /** A CORS preflight of {@code PUT /api/v1/agents/me/availability} from {@code origin}. */
  static HttpResponse<String> preflight(String url, String origin) {
    return send(
        HttpRequest.newBuilder(URI.create(url + "/api/v1/agents/me/availability"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "PUT")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
  }

  /** Whether anything accepts connections on this machine's {@code port}. */
  static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
