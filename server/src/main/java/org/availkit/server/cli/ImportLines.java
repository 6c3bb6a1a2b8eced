package org.availkit.server.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.availkit.server.agent.AgentAdmin.NewAgentRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * {@code agents import}'s input: one JSON object a line, blank lines skipped, each bound by Jackson
 * to an {@link ImportLine}. A line that is not such an object stops the import before anything is
 * written, with an error that names the line and the field.
 */
final class ImportLines {

  static final List<String> FIELDS = List.of("email", "first_name", "last_name", "roles", "teams");

  private ImportLines() {}

  /**
   * One agent of the input. A missing or null string is absent, a missing or null list empty;
   * values are stripped; a null inside a list is refused, as is a number where text belongs.
   */
  record ImportLine(
      String email,
      @JsonProperty("first_name") String firstName,
      @JsonProperty("last_name") String lastName,
      @JsonSetter(contentNulls = Nulls.FAIL) List<String> roles,
      @JsonSetter(contentNulls = Nulls.FAIL) List<String> teams) {

    ImportLine {
      email = strip(email);
      firstName = strip(firstName);
      lastName = strip(lastName);
      roles = roles == null ? List.of() : roles.stream().map(String::strip).toList();
      teams = teams == null ? List.of() : teams.stream().map(String::strip).toList();
    }

    private static String strip(String value) {
      return value == null ? null : value.strip();
    }

    NewAgentRequest request() {
      return new NewAgentRequest(email, firstName, lastName, roles, teams);
    }
  }

  /**
   * Reads every line of {@code in}; throws {@link IllegalArgumentException} naming the first bad
   * one.
   */
  static List<ImportLine> read(InputStream in) {
    List<ImportLine> lines = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    int number = 0;
    try {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        if (!line.isBlank()) {
          lines.add(parse(line, number));
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Could not read standard input: " + e.getMessage(), e);
    }
    return lines;
  }

  static ImportLine parse(String line, int number) {
    JsonNode node;
    try {
      node = CliJson.MAPPER.readTree(line);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("Line " + number + " is not JSON.", e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("Line " + number + " is not a JSON object.");
    }
    try {
      return CliJson.MAPPER.treeToValue(node, ImportLine.class);
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(
          "Line "
              + number
              + ": unknown field '"
              + e.getPropertyName()
              + "'; fields: "
              + String.join(", ", FIELDS)
              + ".",
          e);
    } catch (MismatchedInputException e) {
      String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getPropertyName();
      String expected =
          "roles".equals(field) || "teams".equals(field) ? "a list of strings" : "a string";
      throw new IllegalArgumentException(
          "Line " + number + ": " + field + " must be " + expected + ".", e);
    }
  }
}
