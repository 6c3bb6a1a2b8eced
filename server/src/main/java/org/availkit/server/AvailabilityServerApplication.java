package org.availkit.server;

import java.util.Map;
import org.availkit.server.cli.AgentsCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The availability server. {@code java -jar availability-server.jar} serves the API; {@code java
 * -jar availability-server.jar agents ...} runs the agent command line instead.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AvailabilityServerApplication {

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals(AgentsCommand.NAME)) {
      System.exit(AgentsCommand.run(args));
    }
    SpringApplication application = new SpringApplication(AvailabilityServerApplication.class);
    // A default, below every other source: server.tomcat.threads.max (or SERVER_TOMCAT_THREADS_MAX)
    // wins.
    application.setDefaultProperties(
        Map.of("server.tomcat.threads.max", String.valueOf(workerThreads())));
    application.run(args);
  }

  /**
   * Request threads: four per core, at least 8, instead of Tomcat's 200: a request here is CPU work
   * plus short database calls, and more threads only switch and contend (measured in
   * bench/README.md). Raise it where the database is far away; the postgres profile sets 64, since
   * there a write waits on its thread for its commit's round trip (application-postgres.yml).
   */
  static int workerThreads() {
    return Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
  }
}
