package org.availkit.server.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.availkit.server.agent.AgentAdmin.Created;
import org.availkit.server.agent.AgentDetails;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The JSON the command line reads and writes, all of it through one Jackson mapper of its own: it
 * is needed before the application starts (a failed start's error) and its settings are the import
 * format's, not the API's.
 */
final class CliJson {

  /**
   * A key given twice is an error, as in the API; fields in the order the records declare them
   * (Jackson 3 sorts them by default); an unknown field is an error; a number or a boolean where a
   * string belongs is refused rather than turned into text (Jackson's coercion configuration).
   */
  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .withCoercionConfig(
              LogicalType.Textual,
              config ->
                  config
                      .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();

  private CliJson() {}

  /** One JSON document on one line. */
  static String write(Object document) {
    return MAPPER.writeValueAsString(document);
  }

  /** What {@code create} and {@code rotate-key} answer: the only time the secret is shown. */
  record Credentials(
      long id,
      @JsonProperty("api_key") String apiKey,
      @JsonProperty("api_secret") String apiSecret) {

    static Credentials of(Created created) {
      return new Credentials(
          created.id(), created.credentials().apiKey(), created.credentials().apiSecret());
    }
  }

  /** One agent of {@code import}'s answer, in the input's order. */
  record Imported(
      long id,
      String email,
      @JsonProperty("api_key") String apiKey,
      @JsonProperty("api_secret") String apiSecret) {

    static Imported of(String email, Created created) {
      return new Imported(
          created.id(), email, created.credentials().apiKey(), created.credentials().apiSecret());
    }
  }

  /**
   * An agent as {@code list}, {@code revoke-key} and {@code disable} show it: no secret, no hash.
   */
  record Summary(
      long id,
      String email,
      @JsonProperty("first_name") String firstName,
      @JsonProperty("last_name") String lastName,
      boolean enabled,
      @JsonProperty("availability_status") String availabilityStatus,
      List<String> roles,
      List<String> teams,
      @JsonProperty("api_key") String apiKey) {

    static Summary of(AgentDetails a) {
      return new Summary(
          a.id(),
          a.email(),
          a.firstName(),
          a.lastName(),
          a.enabled(),
          a.availabilityStatus().wire(),
          a.roles(),
          a.teams().stream().map(AgentDetails.Team::name).toList(),
          a.apiKey());
    }
  }

  /** What a failed command prints on standard error. */
  record Failure(String error) {}
}
