package org.availkit.server.cli;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.availkit.server.agent.AgentAdmin;
import org.availkit.server.agent.AgentDetails;
import org.availkit.server.cli.CliJson.Credentials;
import org.availkit.server.cli.CliJson.Imported;
import org.availkit.server.cli.CliJson.Summary;
import org.availkit.server.cli.ImportLines.ImportLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * The agents commands as picocli parses them: each its options and its {@code --help}. A command
 * checks its input first ({@link Subcommand#check}) and only then gets the application's {@link
 * AgentAdmin}, so a usage error or a bad import line never starts it.
 *
 * <p>Each command is a few lines of options; they share one file so that the command line's whole
 * surface reads at once.
 */
final class Subcommands {

  private Subcommands() {}

  @Command(
      name = "java -jar availability-server.jar agents",
      sortOptions = false,
      description =
          "The operators' command line, on the server's database settings. Prints one JSON document"
              + " on standard output; logs and errors go to standard error.",
      subcommands = {
        Create.class,
        Import.class,
        ListAgents.class,
        RotateKey.class,
        RevokeKey.class,
        Disable.class
      },
      footer = {
        "",
        "Database settings as for the server, after the command as --key=value"
            + " (spring.datasource.*, --spring.profiles.active=postgres).",
        "Exit status: 0 on success, 1 when the command failed, 2 on a usage error."
      })
  static final class Root {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help and exit.")
    boolean help;
  }

  /** What every command shares: {@code --help}, and the Spring settings that follow it. */
  abstract static class Subcommand {
    @Spec CommandSpec spec;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help and exit.")
    boolean help;

    /**
     * Picocli's @Unmatched: what is no option of the command; only {@code --key=value} may be
     * there.
     */
    @Unmatched List<String> unmatched = new ArrayList<>();

    /** The Spring settings given after the command ({@code --spring.profiles.active=postgres}). */
    List<String> springArgs() {
      for (String arg : unmatched) {
        if (!arg.startsWith("--") || !arg.contains("=")) {
          throw new ParameterException(
              spec.commandLine(), "Unknown option for " + spec.name() + ": " + arg);
        }
      }
      return unmatched;
    }

    /** Checks what picocli lets through (a blank value, unknown options) before anything starts. */
    void check(InputStream in) {
      springArgs();
    }

    /** Runs the command; the answer becomes standard output's JSON document. */
    abstract Object run(AgentAdmin admin);

    /** The option's value stripped; a blank one is a usage error, as a missing one is. */
    String value(String option, String value) {
      if (value == null) {
        return null;
      }
      if (value.isBlank()) {
        throw new ParameterException(spec.commandLine(), "Option " + option + " needs a value.");
      }
      return value.strip();
    }
  }

  @Command(
      name = "create",
      sortOptions = false,
      description = "Creates an agent and prints its id, API key and API secret (shown only here).")
  static final class Create extends Subcommand {
    @Option(
        names = "--email",
        required = true,
        paramLabel = "E",
        description = "The agent's email.")
    String email;

    @Option(names = "--first-name", required = true, paramLabel = "F")
    String firstName;

    @Option(names = "--last-name", paramLabel = "L")
    String lastName;

    @Option(
        names = "--role",
        paramLabel = "R",
        description = "admin or agent (the default); repeatable.")
    List<String> roles = new ArrayList<>();

    @Option(
        names = "--team",
        paramLabel = "NAME",
        description = "A team, created if new; repeatable.")
    List<String> teams = new ArrayList<>();

    @Override
    void check(InputStream in) {
      super.check(in);
      email = value("--email", email);
      firstName = value("--first-name", firstName);
      lastName = value("--last-name", lastName);
      roles = roles.stream().map(role -> value("--role", role)).toList();
      teams = teams.stream().map(team -> value("--team", team)).toList();
    }

    @Override
    Object run(AgentAdmin admin) {
      return Credentials.of(admin.create(email, firstName, lastName, roles, teams));
    }
  }

  @Command(
      name = "import",
      description = {
        "Creates the agents of standard input, one JSON object a line:",
        "{\"email\":..,\"first_name\":..,\"last_name\":..,\"roles\":[..],\"teams\":[..]}.",
        "All are created in one transaction, or none (the error names the line); the answer lists"
            + " each one's id, email, API key and secret in the input's order."
      })
  static final class Import extends Subcommand {
    private List<ImportLine> lines;

    @Override
    void check(InputStream in) {
      super.check(in);
      lines = ImportLines.read(in);
    }

    @Override
    Object run(AgentAdmin admin) {
      List<AgentAdmin.Created> created =
          admin.importAll(lines.stream().map(ImportLine::request).toList());
      List<Imported> answer = new ArrayList<>(created.size());
      for (int i = 0; i < created.size(); i++) {
        answer.add(Imported.of(lines.get(i).email(), created.get(i)));
      }
      return answer;
    }
  }

  @Command(name = "list", description = "Lists every agent, without secrets.")
  static final class ListAgents extends Subcommand {
    @Override
    Object run(AgentAdmin admin) {
      return admin.list().stream().map(Summary::of).toList();
    }
  }

  /** A command on one agent, named by its email. */
  abstract static class OnOneAgent extends Subcommand {
    @Option(
        names = "--email",
        required = true,
        paramLabel = "E",
        description = "The agent's email (any case).")
    String email;

    @Override
    void check(InputStream in) {
      super.check(in);
      email = value("--email", email);
    }

    <T> T found(Optional<T> agent) {
      return agent.orElseThrow(
          () -> new IllegalArgumentException("No agent with the email " + email + "."));
    }
  }

  @Command(
      name = "rotate-key",
      description = "Gives the agent a new API key and secret; the old ones stop working.")
  static final class RotateKey extends OnOneAgent {
    @Override
    Object run(AgentAdmin admin) {
      return Credentials.of(found(admin.rotateKey(email)));
    }
  }

  @Command(
      name = "revoke-key",
      description = "Removes the agent's API key: it can no longer authenticate.")
  static final class RevokeKey extends OnOneAgent {
    @Override
    Object run(AgentAdmin admin) {
      return Summary.of(found(admin.revokeKey(email)));
    }
  }

  @Command(name = "disable", description = "Disables the agent: its requests are refused with 403.")
  static final class Disable extends OnOneAgent {
    @Override
    Object run(AgentAdmin admin) {
      AgentDetails disabled = found(admin.disable(email));
      return Summary.of(disabled);
    }
  }
}
