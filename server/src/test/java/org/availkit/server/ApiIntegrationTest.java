package org.availkit.server;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.availkit.contract.testing.ApiTestClient;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The whole server on a random port, a spec-validating client for it, a raw socket for what no HTTP
 * client sends, and a way to make agents.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiIntegrationTest {

  @LocalServerPort protected int port;
  @Autowired protected TestAgents agents;
  protected ApiTestClient api;

  @BeforeEach
  void connect() {
    api = new ApiTestClient(port);
  }

  /**
   * Sends {@code request} as it is (it should ask for {@code Connection: close}) and reads the
   * whole answer.
   */
  protected String rawExchange(String request) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      TestRecords.answer("socket", answer);
      return answer;
    }
  }
}
