package org.availkit.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.availkit.server.agent.AgentAdmin;
import org.availkit.server.agent.UnknownRoleException;
import org.availkit.server.cli.CliJson.Failure;
import org.availkit.server.cli.Subcommands.Subcommand;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code java -jar availability-server.jar agents <command> ...}: the operators' command line, on
 * the same database settings as the server. Prints one JSON document on standard output; logs and
 * errors go to standard error. Exit status 0 on success, 1 when the command failed (unknown agent,
 * duplicate email, unknown role, a bad import line), 2 on a usage error. The commands are in {@link
 * Subcommands}; the application starts only once one has parsed and checked its input, and {@code
 * --help} never starts it. On the jar's own embedded database, once it exists and is migrated, a
 * command runs without the application's context ({@link DefaultDatabase}: about 0.4x the time);
 * with any other settings, in {@link CommandLineContext}.
 */
public final class AgentsCommand {

  public static final String NAME = "agents";

  private AgentsCommand() {}

  /** Runs the command line with the process's standard streams. */
  public static int run(String[] args) {
    PrintStream out = System.out;
    // Everything Spring prints while it starts goes to standard error; standard output is the JSON.
    System.setOut(System.err);
    try {
      return run(args, System.in, out, System.err, true);
    } finally {
      System.setOut(out);
    }
  }

  /**
   * Runs the command line; {@code args[0]} is {@value #NAME}. Settings may follow as {@code
   * --key=value}.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, InputStream.nullInputStream(), out, err);
  }

  /**
   * As {@link #run(String[], PrintStream, PrintStream)}, with {@code in} for {@code agents import}.
   */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    return run(args, in, out, err, false);
  }

  /**
   * {@code ownProcess}: the command line is the process ({@link #run(String[])}), so its logging is
   * its own to set.
   */
  private static int run(
      String[] args, InputStream in, PrintStream out, PrintStream err, boolean ownProcess) {
    CommandLine commandLine = commandLine(out, err);
    Subcommand command;
    try {
      // Picocli's "DIY command execution" (parseArgs, then the help check) rather than execute():
      // the exit codes and the error document are this command line's, and the application's
      // context must close after the command whatever happens.
      ParseResult parsed =
          commandLine.parseArgs(Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
      if (CommandLine.printHelpIfRequested(parsed)) {
        return 0;
      }
      if (!parsed.hasSubcommand()) {
        throw new ParameterException(commandLine, "No command given.");
      }
      command = (Subcommand) parsed.subcommand().commandSpec().userObject();
      command.check(in);
    } catch (UnmatchedArgumentException e) {
      boolean unknownCommand = e.getCommandLine() == commandLine;
      err.println(unknownCommand ? "Unknown command: " + e.getUnmatched().get(0) : e.getMessage());
      UnmatchedArgumentException.printSuggestions(e, err);
      e.getCommandLine().usage(err);
      return 2;
    } catch (ParameterException e) {
      err.println(e.getMessage());
      e.getCommandLine().usage(err);
      return 2;
    } catch (IllegalArgumentException e) {
      err.println(CliJson.write(new Failure(e.getMessage())));
      return 1;
    }
    return execute(command, out, err, ownProcess);
  }

  private static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine commandLine = new CommandLine(new Subcommands.Root());
    // Picocli's argument files: "@name" would read the file "name" as more arguments. A team or a
    // name may start with "@", and an operator's file is never meant to be read as arguments.
    commandLine.setExpandAtFiles(false);
    commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    Stream.concat(Stream.of(commandLine), commandLine.getSubcommands().values().stream())
        .forEach(c -> c.getCommandSpec().usageMessage().synopsisHeading("usage: "));
    return commandLine;
  }

  private static int execute(
      Subcommand command, PrintStream out, PrintStream err, boolean ownProcess) {
    try {
      Optional<Object> answer = Optional.empty();
      Optional<DefaultDatabase.Settings> settings =
          DefaultDatabase.settings(
              command.springArgs(),
              System.getenv(),
              System.getProperties(),
              Path.of("").toAbsolutePath());
      if (settings.isPresent()) {
        if (ownProcess) {
          warningsOnly();
        }
        answer = DefaultDatabase.run(settings.get(), command::run);
      }
      if (answer.isEmpty()) {
        try (ConfigurableApplicationContext context = start(command.springArgs())) {
          answer = Optional.of(command.run(context.getBean(AgentAdmin.class)));
        }
      }
      out.println(CliJson.write(answer.get()));
      return 0;
    } catch (IllegalArgumentException | UnknownRoleException e) {
      err.println(CliJson.write(new Failure(e.getMessage())));
      return 1;
    } catch (RuntimeException | SQLException e) {
      err.println(
          CliJson.write(
              new Failure(
                  "Could not run the command: "
                      + rootMessage(e)
                      + " (the embedded database is used by one process at a time: stop the server, or use PostgreSQL)")));
      return 1;
    }
  }

  /**
   * WARN and above, as through the context ({@code logging.level.root=WARN} below). Without a
   * context only Spring Boot's {@code RootLogLevelConfigurator}, Logback's service-loaded {@code
   * Configurator}, sets Logback up: INFO, on standard output, which {@link #run(String[])} points
   * at standard error while a command runs; so a line such as {@code OwnerOnlyFiles}' INFO that it
   * made the database's directory private would show here and not through the context.
   */
  private static void warningsOnly() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    }
  }

  private static ConfigurableApplicationContext start(List<String> springArgs) {
    return new SpringApplicationBuilder(CommandLineContext.class)
        .web(WebApplicationType.NONE)
        .logStartupInfo(false)
        .properties("spring.main.banner-mode=off", "logging.level.root=WARN")
        .run(springArgs.toArray(String[]::new));
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
