package org.availkit.server;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.contract.testing.ApiTestClient;
import org.availkit.server.agent.AgentAdmin;
import org.availkit.server.agent.Agents;
import org.springframework.stereotype.Component;

/**
 * Agents for tests, made through the real admin service and {@link Agents} (the database is
 * shared).
 */
@Component
public class TestAgents {

  private final AgentAdmin admin;
  private final Agents repository;

  TestAgents(AgentAdmin admin, Agents repository) {
    this.admin = admin;
    this.repository = repository;
  }

  public record TestAgent(long id, String email, String key, String secret) {
    public String basic() {
      return ApiTestClient.basic(key, secret);
    }

    public String token() {
      return ApiTestClient.token(key, secret);
    }
  }

  public TestAgent create() {
    String email = "agent-" + UUID.randomUUID() + "@test.example";
    AgentAdmin.Created created =
        admin.create(email, "Test", "Agent", List.of("agent"), List.of("Support"));
    return new TestAgent(
        created.id(), email, created.credentials().apiKey(), created.credentials().apiSecret());
  }

  public void setStatus(TestAgent agent, AvailabilityStatus status) {
    repository.setStatus(agent.id(), status, OffsetDateTime.now());
  }

  /**
   * Keeps a secret a test was handed for the scan that runs after the suite ({@link TestRecords}).
   */
  public static void remember(String secret) {
    TestRecords.secret("test", secret);
  }

  public AgentAdmin admin() {
    return admin;
  }
}
