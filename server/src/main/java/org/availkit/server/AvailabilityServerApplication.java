package org.availkit.server;

import org.availkit.server.cli.AgentsCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The availability server. {@code java -jar availability-server.jar} serves the API;
 * {@code java -jar availability-server.jar agents ...} runs the agent command line instead.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AvailabilityServerApplication {

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals(AgentsCommand.NAME)) {
      System.exit(AgentsCommand.run(args));
    }
    SpringApplication.run(AvailabilityServerApplication.class, args);
  }
}
