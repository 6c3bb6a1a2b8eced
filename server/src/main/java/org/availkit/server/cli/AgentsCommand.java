package org.availkit.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.availkit.server.AvailabilityServerApplication;
import org.availkit.server.agent.AgentAdmin;
import org.availkit.server.agent.AgentAdmin.Created;
import org.availkit.server.agent.AgentAdmin.NewAgentRequest;
import org.availkit.server.agent.AgentDetails;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
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
        import < agents.jsonl     one agent a line: {"email":..,"first_name":..,"last_name":..,
                                  "roles":[..],"teams":[..]}; all are created or none
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
      return run(args, System.in, out, System.err);
    } finally {
      System.setOut(out);
    }
  }

  /** Runs the command line; {@code args[0]} is {@value #NAME}. Settings may follow as {@code --key=value}. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, InputStream.nullInputStream(), out, err);
  }

  /** As {@link #run(String[], PrintStream, PrintStream)}, with {@code in} for {@code agents import}. */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
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
        .properties("spring.main.banner-mode=off", "logging.level.root=WARN")
        // As an argument, not a default property: application.yml's bootstrap-admin=true would win over a default,
        // and the command line would create the admin agent on an empty database and print its secret.
        .run(Stream.concat(Stream.of("--availkit.bootstrap-admin=false"), parsed.springArgs().stream())
            .toArray(String[]::new))) {
      AgentAdmin admin = context.getBean(AgentAdmin.class);
      JsonMapper json = context.getBean(JsonMapper.class);
      Optional<Object> result = parsed.command().equals("import")
          ? Optional.of(importAgents(in, admin, json))
          : execute(parsed, admin);
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

  private static final List<String> IMPORT_FIELDS = List.of("email", "first_name", "last_name", "roles", "teams");

  /** Reads JSON lines, creates every agent in one transaction, and answers their credentials in the same order. */
  private static List<Map<String, Object>> importAgents(InputStream in, AgentAdmin admin, JsonMapper json) {
    List<NewAgentRequest> requests = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    int lineNumber = 0;
    try {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (!line.isBlank()) {
          requests.add(importLine(json, line, lineNumber));
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Could not read standard input: " + e.getMessage(), e);
    }
    List<Created> created = admin.importAll(requests);
    List<Map<String, Object>> answer = new ArrayList<>(created.size());
    for (int i = 0; i < created.size(); i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", created.get(i).id());
      m.put("email", requests.get(i).email());
      m.put("api_key", created.get(i).credentials().apiKey());
      m.put("api_secret", created.get(i).credentials().apiSecret());
      answer.add(m);
    }
    return answer;
  }

  private static NewAgentRequest importLine(JsonMapper json, String line, int number) {
    JsonNode node;
    try {
      node = json.readTree(line);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("Line " + number + " is not JSON.", e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("Line " + number + " is not a JSON object.");
    }
    for (String name : node.propertyNames()) {
      if (!IMPORT_FIELDS.contains(name)) {
        throw new IllegalArgumentException("Line " + number + ": unknown field '" + name + "'; fields: "
            + String.join(", ", IMPORT_FIELDS) + ".");
      }
    }
    return new NewAgentRequest(text(node, "email", number), text(node, "first_name", number),
        text(node, "last_name", number), texts(node, "roles", number), texts(node, "teams", number));
  }

  private static String text(JsonNode node, String field, int number) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw new IllegalArgumentException("Line " + number + ": " + field + " must be a string.");
    }
    return value.asString().strip();
  }

  private static List<String> texts(JsonNode node, String field, int number) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    List<String> list = new ArrayList<>();
    if (value.isArray()) {
      for (JsonNode item : value) {
        if (item.isString()) {
          list.add(item.asString().strip());
          continue;
        }
        throw new IllegalArgumentException("Line " + number + ": " + field + " must be a list of strings.");
      }
      return list;
    }
    throw new IllegalArgumentException("Line " + number + ": " + field + " must be a list of strings.");
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
        "import", List.of(),
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
