package org.availkit.server.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.availkit.server.system.AvailkitProperties;
import org.availkit.server.system.OwnerOnlyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * On the first start against an empty database, creates one admin agent and writes its key and
 * secret, once, to {@code availkit.first-start-credentials} (0600, in a 0700 directory), whose path
 * the log names: not to the log or standard output, which service managers keep. Only when standard
 * output is a terminal (a person started the server by hand) are they printed too. {@code
 * availkit.bootstrap-admin=false} turns it off.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

  static final String EMAIL = "admin@localhost";

  private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

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
    String key = created.credentials().apiKey();
    String secret = created.credentials().apiSecret();
    String text =
        """
        # The admin agent %s (id %d), created on the server's first start.
        # Store these credentials somewhere safe, then delete this file.
        api_key:    %s
        api_secret: %s
        # Try it:
        #   curl -u '%s:%s' http://localhost:%s/api/v1/agents/me
        """
            .formatted(
                EMAIL,
                created.id(),
                key,
                secret,
                key,
                secret,
                environment.getProperty("local.server.port", "8080"));
    Path file = properties.firstStartCredentials().toAbsolutePath();
    try {
      OwnerOnlyFiles.directory(file.getParent());
      OwnerOnlyFiles.write(file, text);
      log.info(
          "First start: created the admin agent {} (id {}); its API credentials are in {}"
              + " (readable by this user only). Store them, then delete the file.",
          EMAIL,
          created.id(),
          file);
    } catch (IOException e) {
      log.error(
          "First start: created the admin agent {} (id {}), but could not write its credentials to {} ({})."
              + " Make new ones with: java -jar availability-server.jar agents rotate-key --email {}",
          EMAIL,
          created.id(),
          file,
          e,
          EMAIL);
    }
    if (terminal()) {
      PrintStream out = System.out;
      out.println();
      out.print(
          text.replaceAll(
              "(?m)^(# ?)?", " ")); // the file's lines, indented, without their comment marks
      out.println();
      out.flush();
    }
  }

  /**
   * Whether standard input and output are a terminal: {@link System#console()} on Java 17 to 21;
   * from Java 22 it may return a console for redirected streams too, and {@code isTerminal()} says.
   */
  private static boolean terminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
