package org.availkit.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agents command line, run as an operator runs it (each call starts its own application context
 * on the test database). Standard output carries exactly one JSON document.
 */
class AgentsCommandTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  record Result(int exit, String out, String err) {
    JsonNode json() {
      return JSON.readTree(out);
    }
  }

  /**
   * The commands' database: an embedded file of this class's own, as operators use it. Not the test
   * profile's in-memory one: H2 (2.4.240) keeps the session that created a CHECK constraint in the
   * constraint, so once the first command's context (whose Flyway created it) closed, every later
   * insert failed with "The database has been closed" while the in-memory database lived on. A file
   * database is closed with the last connection and opened again by the next command.
   */
  @TempDir static Path databaseDir;

  /** The arguments with this class's database as a Spring setting after the command's name. */
  private static String[] onTestDatabase(String... args) {
    if (args.length < 2
        || Arrays.stream(args).anyMatch(a -> a.startsWith("--spring.datasource.url="))) {
      return args;
    }
    List<String> withUrl = new ArrayList<>(Arrays.asList(args));
    withUrl.add(
        2,
        "--spring.datasource.url=jdbc:h2:file:"
            + databaseDir.resolve("availability")
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    return withUrl.toArray(String[]::new);
  }

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        AgentsCommand.run(
            onTestDatabase(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Result runWithInput(String input, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        AgentsCommand.run(
            onTestDatabase(args),
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static boolean listed(String email) {
    for (JsonNode agent : run("agents", "list").json()) {
      if (agent.path("email").asString().equals(email)) {
        return true;
      }
    }
    return false;
  }

  private static String email() {
    return "cli-" + UUID.randomUUID() + "@test.example";
  }

  /**
   * The command line's own context ({@link CommandLineContext}) holds the server's database but not
   * its first-start admin: on an empty database a command creates no agent and writes no
   * credentials, even with the bootstrap switched on; and it makes the embedded database's files
   * this user's only, as the server does.
   */
  @Test
  void onAnEmptyDatabaseACommandCreatesNoAdminAndKeepsTheFilesPrivate(@TempDir Path dir)
      throws IOException {
    Path database = dir.resolve("data");
    Path credentials = dir.resolve("first-start-credentials");
    Result list =
        run(
            "agents",
            "list",
            "--spring.datasource.url=jdbc:h2:file:" + database.resolve("availability"),
            "--availkit.bootstrap-admin=true",
            "--availkit.first-start-credentials=" + credentials);
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.json()).isEmpty();
    assertThat(credentials).doesNotExist();
    assertThat(Files.getPosixFilePermissions(database))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(database.resolve("availability.mv.db")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void createPrintsOneLineWithIdKeyAndSecret() {
    Result created =
        run(
            "agents",
            "create",
            "--email",
            email(),
            "--first-name",
            "Ada",
            "--last-name",
            "Lovelace",
            "--role",
            "admin",
            "--role",
            "agent",
            "--team",
            "Support",
            "--team",
            "Billing");
    assertThat(created.exit()).isZero();
    assertThat(created.out().strip().lines()).hasSize(1);
    JsonNode json = created.json();
    assertThat(json.propertyNames()).containsExactly("id", "api_key", "api_secret");
    assertThat(json.path("api_key").asString()).startsWith("ak_");
    assertThat(json.path("api_secret").asString()).startsWith("as_").hasSizeGreaterThan(40);
  }

  @Test
  void listShowsAgentsWithoutSecrets() {
    String email = email();
    Result created =
        run("agents", "create", "--email", email, "--first-name", "Grace", "--team", "Ops");
    Result list = run("agents", "list");
    assertThat(list.exit()).isZero();
    JsonNode mine = null;
    for (JsonNode agent : list.json()) {
      if (agent.path("email").asString().equals(email)) {
        mine = agent;
      }
    }
    assertThat(mine).isNotNull();
    assertThat(mine.path("roles").toString()).isEqualTo("[\"agent\"]");
    assertThat(mine.path("teams").toString()).isEqualTo("[\"Ops\"]");
    assertThat(list.out()).doesNotContain(created.json().path("api_secret").asString());
  }

  @Test
  void rotateRevokeAndDisableChangeTheAgent() {
    String email = email();
    Result created = run("agents", "create", "--email", email, "--first-name", "Linus");
    Result rotated = run("agents", "rotate-key", "--email", email.toUpperCase());
    assertThat(rotated.exit()).isZero();
    assertThat(rotated.json().path("id").asLong()).isEqualTo(created.json().path("id").asLong());
    assertThat(rotated.json().path("api_key").asString())
        .isNotEqualTo(created.json().path("api_key").asString());

    Result revoked = run("agents", "revoke-key", "--email", email);
    assertThat(revoked.exit()).isZero();
    assertThat(revoked.json().path("api_key").isNull()).isTrue();

    Result disabled = run("agents", "disable", "--email", email);
    assertThat(disabled.exit()).isZero();
    assertThat(disabled.json().path("enabled").asBoolean()).isFalse();
  }

  @Test
  void failuresExitNonZeroWithAJsonErrorOnStandardError() {
    String email = email();
    run("agents", "create", "--email", email, "--first-name", "Twice");
    Result duplicate = run("agents", "create", "--email", email, "--first-name", "Twice");
    assertThat(duplicate.exit()).isEqualTo(1);
    assertThat(duplicate.out()).isEmpty();
    assertThat(duplicate.err()).contains("{\"error\":").contains("already exists");

    Result unknownRole =
        run("agents", "create", "--email", email(), "--first-name", "X", "--role", "wizard");
    assertThat(unknownRole.exit()).isEqualTo(1);
    assertThat(unknownRole.err()).contains("Unknown role 'wizard'");

    Result missing =
        run("agents", "disable", "--email", "nobody-" + UUID.randomUUID() + "@test.example");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("No agent with the email");
  }

  @Test
  void importCreatesEveryLineInOrderAndAnswersTheirCredentials() {
    String first = email();
    String second = email();
    Result imported =
        runWithInput(
            "{\"email\":\""
                + first
                + "\",\"first_name\":\"Ada\",\"roles\":[\"admin\"],\"teams\":[\"Support\"]}\n"
                + "\n"
                + "{\"email\":\""
                + second
                + "\",\"first_name\":\"Grace\",\"last_name\":\"Hopper\"}\n",
            "agents",
            "import");
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.out().strip().lines()).hasSize(1);
    JsonNode json = imported.json();
    assertThat(json).hasSize(2);
    assertThat(json.get(0).propertyNames()).containsExactly("id", "email", "api_key", "api_secret");
    assertThat(json.get(0).path("email").asString()).isEqualTo(first);
    assertThat(json.get(1).path("email").asString()).isEqualTo(second);
    assertThat(json.get(1).path("api_secret").asString()).startsWith("as_");
    assertThat(listed(first)).isTrue();
    assertThat(listed(second)).isTrue();
  }

  @Test
  void importCreatesNothingWhenALineFails() {
    String first = email();
    String taken = email();
    run("agents", "create", "--email", taken, "--first-name", "Taken");
    Result duplicate =
        runWithInput(
            "{\"email\":\""
                + first
                + "\",\"first_name\":\"A\"}\n{\"email\":\""
                + taken
                + "\",\"first_name\":\"B\"}\n",
            "agents",
            "import");
    assertThat(duplicate.exit()).isEqualTo(1);
    assertThat(duplicate.out()).isEmpty();
    assertThat(duplicate.err())
        .contains("Agent 2:")
        .contains("already exists")
        .contains("Nothing was imported");
    assertThat(listed(first)).isFalse();

    Result unknownField =
        runWithInput(
            "{\"email\":\"" + email() + "\",\"first_name\":\"A\",\"colour\":\"blue\"}\n",
            "agents",
            "import");
    assertThat(unknownField.exit()).isEqualTo(1);
    assertThat(unknownField.err()).contains("Line 1: unknown field 'colour'");

    Result notJson =
        runWithInput(
            "{\"email\":\"" + email() + "\",\"first_name\":\"A\"}\nnot json\n", "agents", "import");
    assertThat(notJson.exit()).isEqualTo(1);
    assertThat(notJson.err()).contains("Line 2 is not JSON.");

    Result noName = runWithInput("{\"email\":\"" + email() + "\"}\n", "agents", "import");
    assertThat(noName.exit()).isEqualTo(1);
    assertThat(noName.err()).contains("Agent 1: An agent needs an email and a first name.");
  }

  @Test
  void namesWithControlCharactersComeOutAsJsonThatRoundTrips() {
    String email = email();
    String firstName = "A\u0001B\n\"quoted\" back\\slash\ttab\u001f\u007f\u2028end";
    Result created =
        run(
            "agents",
            "create",
            "--email",
            email,
            "--first-name",
            firstName,
            "--last-name",
            "Q\"\\\u0002",
            "--team",
            "Team\u0003\"one\"");
    assertThat(created.exit()).as(created.err()).isZero();
    JsonNode mine = null;
    for (JsonNode agent : strict(run("agents", "list").out())) {
      if (agent.path("email").asString().equals(email)) {
        mine = agent;
      }
    }
    assertThat(mine).isNotNull();
    assertThat(mine.path("first_name").asString()).isEqualTo(firstName);
    assertThat(mine.path("last_name").asString()).isEqualTo("Q\"\\\u0002");
    assertThat(mine.path("teams").get(0).asString()).isEqualTo("Team\u0003\"one\"");

    // An error's message carries what the operator typed: it is a JSON document too.
    String role = "wiz\u0001\"ard\\\nnext";
    Result unknownRole =
        run("agents", "create", "--email", email(), "--first-name", "X", "--role", role);
    assertThat(unknownRole.exit()).isEqualTo(1);
    assertThat(unknownRole.err().strip().lines()).hasSize(1);
    assertThat(strict(unknownRole.err()).path("error").asString())
        .startsWith("Unknown role '" + role + "'.");
  }

  /**
   * Parses one JSON document as a strict reader does: an unescaped control character is an error.
   */
  private static JsonNode strict(String document) {
    JsonNode node =
        JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build()
            .readTree(document.strip());
    assertThat(node).as(document).isNotNull();
    return node;
  }

  @Test
  void importLinesAreBoundStrictlyWithAnErrorNamingTheLineAndField() {
    assertThat(importError("{\"email\":\"a@test.example\",\"first_name\":1}"))
        .isEqualTo("Line 1: first_name must be a string.");
    assertThat(importError("{\"email\":true,\"first_name\":\"A\"}"))
        .isEqualTo("Line 1: email must be a string.");
    assertThat(importError("{\"email\":\"a@test.example\",\"first_name\":\"A\",\"last_name\":{}}"))
        .isEqualTo("Line 1: last_name must be a string.");
    assertThat(
            importError("{\"email\":\"a@test.example\",\"first_name\":\"A\",\"roles\":\"admin\"}"))
        .isEqualTo("Line 1: roles must be a list of strings.");
    assertThat(importError("{\"email\":\"a@test.example\",\"first_name\":\"A\",\"roles\":[1]}"))
        .isEqualTo("Line 1: roles must be a list of strings.");
    assertThat(importError("{\"email\":\"a@test.example\",\"first_name\":\"A\",\"teams\":[null]}"))
        .isEqualTo("Line 1: teams must be a list of strings.");
    assertThat(importError("\n[{\"email\":\"a@test.example\"}]"))
        .isEqualTo("Line 2 is not a JSON object.");
    assertThat(importError("null")).isEqualTo("Line 1 is not a JSON object.");
    assertThat(
            importError(
                "{\"email\":\"a@test.example\",\"email\":\"b@test.example\",\"first_name\":\"A\"}"))
        .isEqualTo("Line 1 is not JSON.");
    assertThat(importError("{\"email\":\"a@test.example\",\"first_name\":\"A\",\"Roles\":[]}"))
        .isEqualTo(
            "Line 1: unknown field 'Roles'; fields: email, first_name, last_name, roles, teams.");
  }

  @Test
  void importTakesNullAsAbsentAndStripsValues() {
    String email = email();
    Result imported =
        runWithInput(
            "{\"email\":\" "
                + email
                + " \",\"first_name\":\" Ada \",\"last_name\":null,"
                + "\"roles\":null,\"teams\":[\" Support \"]}\n",
            "agents",
            "import");
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.json().get(0).path("email").asString()).isEqualTo(email);
    JsonNode mine = null;
    for (JsonNode agent : run("agents", "list").json()) {
      if (agent.path("email").asString().equals(email)) {
        mine = agent;
      }
    }
    assertThat(mine).isNotNull();
    assertThat(mine.path("first_name").asString()).isEqualTo("Ada");
    assertThat(mine.path("last_name").asString()).isEmpty();
    assertThat(mine.path("roles").toString()).isEqualTo("[\"agent\"]");
    assertThat(mine.path("teams").toString()).isEqualTo("[\"Support\"]");
  }

  /**
   * The error of an import whose input is refused. The database URL given cannot work: the error is
   * the input's, so the input was read before the application started.
   */
  private static String importError(String input) {
    Result result =
        runWithInput(input + "\n", "agents", "import", "--spring.datasource.url=jdbc:nothing:here");
    assertThat(result.exit()).as(result.err()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    return strict(result.err()).path("error").asString();
  }

  @Test
  void everyCommandHasHelpThatStartsNothing() {
    for (String command :
        List.of("create", "import", "list", "rotate-key", "revoke-key", "disable")) {
      // A database URL that cannot work: the help is printed without the application starting.
      Result help = run("agents", command, "--help", "--spring.datasource.url=jdbc:nothing:here");
      assertThat(help.exit()).as(command + ": " + help.err()).isZero();
      assertThat(help.out())
          .as(command)
          .startsWith("usage: java -jar availability-server.jar agents " + command)
          .contains("-h, --help");
      assertThat(help.err()).as(command).isEmpty();
    }
    assertThat(run("agents", "create", "-h").out())
        .contains("--email=E")
        .contains("--first-name=F")
        .contains("--role=R")
        .contains("--team=NAME");
    assertThat(run("agents", "rotate-key", "--help").out()).contains("--email=E");
    Result root = run("agents", "--help");
    assertThat(root.exit()).isZero();
    assertThat(root.out())
        .startsWith("usage: java -jar availability-server.jar agents")
        .contains(
            "create",
            "import",
            "list",
            "rotate-key",
            "revoke-key",
            "disable",
            "--spring.profiles.active=postgres");
  }

  @Test
  void usageErrorsSayWhatIsWrongAndShowTheCommandsUsage() {
    Result none = run("agents");
    assertThat(none.err())
        .startsWith("No command given.")
        .contains("usage: java -jar availability-server.jar agents");
    Result unknown = run("agents", "lst");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("Unknown command: lst").contains("list");
    Result blank = run("agents", "disable", "--email", " ");
    assertThat(blank.exit()).isEqualTo(2);
    assertThat(blank.err())
        .startsWith("Option --email needs a value.")
        .contains("usage: java -jar availability-server.jar agents disable");
    Result extra = run("agents", "list", "everything");
    assertThat(extra.exit()).isEqualTo(2);
    assertThat(extra.err()).startsWith("Unknown option for list: everything");
    Result missing = run("agents", "rotate-key");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err())
        .contains("--email")
        .contains("usage: java -jar availability-server.jar agents rotate-key");
    Result twice =
        run("agents", "disable", "--email", "a@test.example", "--email", "b@test.example");
    assertThat(twice.exit()).isEqualTo(2);
    assertThat(twice.out()).isEmpty();
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(run("agents").exit()).isEqualTo(2);
    assertThat(run("agents", "explode").exit()).isEqualTo(2);
    assertThat(run("agents", "create", "--first-name", "NoEmail").exit()).isEqualTo(2);
    assertThat(run("agents", "create", "--email").exit()).isEqualTo(2);
    Result usage = run("agents", "create", "--colour", "blue");
    assertThat(usage.exit()).isEqualTo(2);
    assertThat(usage.err()).contains("usage:");
  }
}
