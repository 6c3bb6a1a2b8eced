package org.availkit.server.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.availkit.server.AvailabilityServerApplication;
import org.availkit.server.agent.AgentAdmin;
import org.availkit.server.agent.AgentAdmin.Created;
import org.availkit.server.agent.AgentDetails;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar availability-server.jar agents <command> ...}: the operators' command line,
 * on the same database settings as the server. Prints one JSON document on standard output;
 * logs and errors go to standard error. Exit status 0 on success, 1 when the command failed
 * (unknown agent, duplicate email, unknown role), 2 on a usage error.
 */
public final class AgentsCommand {

  public static final String NAME = "agents";

  static final String USAGE = """
      usage: java -jar availability-server.jar agents <command> [options]
        create --email E --first-name F [--last-name L] [--role R]... [--team NAME]...
        list
        rotate-key --email E
        revoke-key --email E
        disable --email E
      Database settings as for the server (spring.datasource.*, --spring.profiles.active=postgres).""";

  private AgentsCommand() {}

  /** Runs the command line with the process's standard streams. */
  public static int run(String[] args) {
    PrintStream out = System.out;
    // Everything Spring prints while it starts goes to standard error; standard output is the JSON.
    System.setOut(System.err);
    try {
      return run(args, out, System.err);
    } finally {
      System.setOut(out);
    }
  }

  /** Runs the command line; {@code args[0]} is {@value #NAME}. Settings may follow as {@code --key=value}. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Arguments parsed;
    try {
      parsed = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    }
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AvailabilityServerApplication.class)
        .web(WebApplicationType.NONE)
        .logStartupInfo(false)
        .properties("spring.main.banner-mode=off", "availkit.bootstrap-admin=false", "logging.level.root=WARN")
        .run(parsed.springArgs().toArray(String[]::new))) {
      AgentAdmin admin = context.getBean(AgentAdmin.class);
      JsonMapper json = context.getBean(JsonMapper.class);
      Optional<Object> result = execute(parsed, admin);
      if (result.isEmpty()) {
        err.println(json.writeValueAsString(Map.of("error", "No agent with the email " + parsed.one("email") + ".")));
        return 1;
      }
      out.println(json.writeValueAsString(result.get()));
      return 0;
    } catch (IllegalArgumentException | org.availkit.server.agent.UnknownRoleException e) {
      err.println("{\"error\":" + quote(e.getMessage()) + "}");
      return 1;
    } catch (RuntimeException e) {
      err.println("{\"error\":" + quote("Could not run the command: " + rootMessage(e)
          + " (the embedded database is used by one process at a time: stop the server, or use PostgreSQL)") + "}");
      return 1;
    }
  }

  private static Optional<Object> execute(Arguments a, AgentAdmin admin) {
    return switch (a.command()) {
      case "create" -> Optional.of(credentials(admin.create(
          a.one("email"), a.one("first-name"), a.optional("last-name"), a.all("role"), a.all("team"))));
      case "list" -> Optional.of(admin.list().stream().map(AgentsCommand::summary).toList());
      case "rotate-key" -> admin.rotateKey(a.one("email")).map(AgentsCommand::credentials);
      case "revoke-key" -> admin.revokeKey(a.one("email")).map(AgentsCommand::summary);
      case "disable" -> admin.disable(a.one("email")).map(AgentsCommand::summary);
      default -> throw new IllegalStateException("checked by Arguments");
    };
  }

  private static Map<String, Object> credentials(Created created) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", created.id());
    m.put("api_key", created.credentials().apiKey());
    m.put("api_secret", created.credentials().apiSecret());
    return m;
  }

  private static Map<String, Object> summary(AgentDetails a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("email", a.email());
    m.put("first_name", a.firstName());
    m.put("last_name", a.lastName());
    m.put("enabled", a.enabled());
    m.put("availability_status", a.availabilityStatus().wire());
    m.put("roles", a.roles());
    m.put("teams", a.teams().stream().map(AgentDetails.Team::name).toList());
    m.put("api_key", a.apiKey());
    return m;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** The parsed command line: the command, its options, and Spring settings passed through. */
  record Arguments(String command, Map<String, List<String>> options, List<String> springArgs) {

    private static final Map<String, List<String>> ALLOWED = Map.of(
        "create", List.of("email", "first-name", "last-name", "role", "team"),
        "list", List.of(),
        "rotate-key", List.of("email"),
        "revoke-key", List.of("email"),
        "disable", List.of("email"));
    private static final Map<String, List<String>> REQUIRED = Map.of(
        "create", List.of("email", "first-name"),
        "rotate-key", List.of("email"),
        "revoke-key", List.of("email"),
        "disable", List.of("email"));

    static Arguments parse(String[] args) {
      if (args.length < 2 || !ALLOWED.containsKey(args[1])) {
        throw new IllegalArgumentException(args.length < 2 ? "No command given." : "Unknown command: " + args[1]);
      }
      String command = args[1];
      Map<String, List<String>> options = new LinkedHashMap<>();
      List<String> spring = new ArrayList<>();
      for (int i = 2; i < args.length; i++) {
        String arg = args[i];
        if (arg.startsWith("--") && arg.contains("=")) {
          spring.add(arg);
          continue;
        }
        String name = arg.startsWith("--") ? arg.substring(2) : null;
        if (name == null || !ALLOWED.get(command).contains(name)) {
          throw new IllegalArgumentException("Unknown option for " + command + ": " + arg);
        }
        if (i + 1 >= args.length || args[i + 1].isBlank()) {
          throw new IllegalArgumentException("Option " + arg + " needs a value.");
        }
        options.computeIfAbsent(name, k -> new ArrayList<>()).add(args[++i].strip());
      }
      for (String required : REQUIRED.getOrDefault(command, List.of())) {
        if (!options.containsKey(required)) {
          throw new IllegalArgumentException("Missing --" + required + " for " + command + ".");
        }
      }
      return new Arguments(command, options, spring);
    }

    String one(String name) {
      List<String> values = all(name);
      if (values.size() != 1) {
        throw new IllegalArgumentException("Give --" + name + " once.");
      }
      return values.get(0);
    }

    String optional(String name) {
      return all(name).isEmpty() ? null : one(name);
    }

    List<String> all(String name) {
      return options.getOrDefault(name, List.of());
    }
  }
}
