package org.availkit.server.agent;

import java.io.PrintStream;
import java.util.List;
import org.availkit.server.system.AvailkitProperties;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * On the first start against an empty database, creates one admin agent and prints its key and
 * secret, once, on standard output (not through the log). {@code availkit.bootstrap-admin=false}
 * turns it off.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

  static final String EMAIL = "admin@localhost";

  private final AgentAdmin admin;
  private final AvailkitProperties properties;
  private final Environment environment;

  AdminBootstrap(AgentAdmin admin, AvailkitProperties properties, Environment environment) {
    this.admin = admin;
    this.properties = properties;
    this.environment = environment;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!properties.bootstrapAdmin() || !admin.noAgents()) {
      return;
    }
    AgentAdmin.Created created = admin.create(EMAIL, "Admin", "", List.of("admin"), List.of());
    PrintStream out = System.out;
    out.println();
    out.println("================================================================================");
    out.println(" First start: created the admin agent " + EMAIL + " (id " + created.id() + ").");
    out.println(" Its API credentials are shown this once; store them now:");
    out.println("   api_key:    " + created.credentials().apiKey());
    out.println("   api_secret: " + created.credentials().apiSecret());
    out.println(" Try it:");
    out.println("   curl -u '" + created.credentials().apiKey() + ":" + created.credentials().apiSecret()
        + "' http://localhost:" + environment.getProperty("local.server.port", "8080") + "/api/v1/agents/me");
    out.println("================================================================================");
    out.println();
    out.flush();
  }
}
