package org.availkit.server;

import org.availkit.contract.testing.ApiTestClient;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.server.agent.AgentAdmin;
import org.availkit.server.agent.AgentRepository;
import org.springframework.stereotype.Component;

/** Agents for tests, made through the real admin service and repository (the database is shared). */
@Component
public class TestAgents {

  private final AgentAdmin admin;
  private final AgentRepository repository;

  TestAgents(AgentAdmin admin, AgentRepository repository) {
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
    AgentAdmin.Created created = admin.create(email, "Test", "Agent", List.of("agent"), List.of("Support"));
    remember(created.credentials().apiSecret());
    return new TestAgent(created.id(), email, created.credentials().apiKey(), created.credentials().apiSecret());
  }

  public void setStatus(TestAgent agent, AvailabilityStatus status) {
    repository.setStatus(agent.id(), status, OffsetDateTime.now());
  }

  /**
   * With {@code -Dtest.secrets.file=...}, every secret the tests make is kept there, with its
   * stored hash, for the scan that runs after the suite (SecretsScanTest).
   */
  public static synchronized void remember(String secret) {
    String file = System.getProperty("test.secrets.file");
    if (file == null) {
      return;
    }
    try {
      java.nio.file.Files.writeString(java.nio.file.Path.of(file),
          secret + "\n" + org.availkit.server.auth.ApiSecrets.hash(secret) + "\n",
          java.nio.charset.StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public AgentAdmin admin() {
    return admin;
  }
}
