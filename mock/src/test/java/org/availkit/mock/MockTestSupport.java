package org.availkit.mock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.availkit.contract.testing.AgentFixtures;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.contract.testing.ApiTestClient.Exchange;

/**
 * Starting mocks on free ports, requests outside the spec, and the odd raw one no HTTP client
 * sends.
 */
final class MockTestSupport {

  static final String DEMO = AgentFixtures.demoBasic();

  private MockTestSupport() {}

  /**
   * The spec as written in the repository (api-spec/src/main/resources/openapi.yaml, from the mock
   * module's directory, where the tests run), read without the mock's own loader, so that a test of
   * "the mock serves the packaged spec" cannot agree with a loader that changed it.
   */
  static String specAsWritten() {
    try {
      return Files.readString(
          Path.of("..", "api-spec", "src", "main", "resources", "openapi.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static AvailabilityMock start(String... args) {
    return AvailabilityMock.start(MockOptions.parse(args).withPort(0));
  }

  /** A request the spec-validating client sends as it is (only the answer is read, not checked). */
  static Exchange send(
      AvailabilityMock mock, String method, String path, Map<String, String> headers, String body) {
    return new ApiTestClient(mock.port()).raw(method, path, headers, body);
  }

  /** An answer read off a raw socket: status, headers (names in lower case) and body. */
  record Raw(int status, Map<String, String> headers, String body) {}

  /**
   * Sends a request over a raw socket to 127.0.0.1, with the {@code Host} given (Java's HttpClient
   * will not send another than the URL's), and reads the whole answer.
   */
  static Raw raw(
      AvailabilityMock mock,
      String method,
      String path,
      String host,
      Map<String, String> headers,
      String body) {
    StringBuilder request =
        new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
    headers.forEach(
        (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    request
        .append("Content-Length: ")
        .append(content.length)
        .append("\r\nConnection: close\r\n\r\n");
    try (Socket socket = new Socket("127.0.0.1", mock.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(content);
      socket.getOutputStream().flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int end = answer.indexOf("\r\n\r\n");
      String[] lines = answer.substring(0, end).split("\r\n");
      Map<String, String> answerHeaders = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        answerHeaders.merge(
            lines[i].substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT),
            lines[i].substring(colon + 1).strip(),
            (a, b) -> a + ", " + b);
      }
      return new Raw(
          Integer.parseInt(lines[0].split(" ")[1]), answerHeaders, answer.substring(end + 4));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
