package org.availkit.server;

import org.availkit.contract.testing.ApiTestClient;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The whole server on a random port, a spec-validating client for it, and a way to make agents. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiIntegrationTest {

  @LocalServerPort protected int port;
  @Autowired protected TestAgents agents;
  protected ApiTestClient api;

  @BeforeEach
  void connect() {
    api = new ApiTestClient(port);
  }
}
