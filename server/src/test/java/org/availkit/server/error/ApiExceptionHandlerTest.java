package org.availkit.server.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import jakarta.servlet.ServletContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.availkit.contract.ErrorCatalogue;
import org.availkit.server.api.AgentsApi;
import org.availkit.server.api.model.AgentResponse;
import org.availkit.server.api.model.AvailabilityRequest;
import org.availkit.server.api.model.ChangeSource;
import org.availkit.server.system.ContractJson;
import org.availkit.server.system.DatabaseAvailability;
import org.availkit.server.system.EmbeddedStore;
import org.availkit.server.system.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;

/**
 * Every failure inside Spring MVC as the envelope, without a server: the generated interface's
 * mappings and validation on a stub controller, the body cap (16 KiB), the server's JSON settings
 * and this handler, in Spring MVC's test harness. The exact messages are checked here; the
 * integration tests (ErrorEnvelopeIntegrationTest) check the same answers over HTTP.
 */
class ApiExceptionHandlerTest {

  private static final String PATH = "/api/v1/agents/me/availability";
  private static final String USER_VALUES =
      "available, busy, away, offline, online, away_manual, away_and_reassigning";
  private static final String IDLE_VALUES = "available, away, offline, online";

  private final DatabaseAvailability database = new DatabaseAvailability(Clock.systemUTC());

  private final MockMvc mvc =
      MockMvcBuilders.standaloneSetup(new StubAgents(), new Failing())
          .setControllerAdvice(
              new ApiExceptionHandler(ContractJson.errorWriter(), database, EmbeddedStore.none()))
          .setMessageConverters(new JacksonJsonHttpMessageConverter(ContractJson.mapper()))
          .addFilters(
              new BodySizeLimitFilter(
                  TestSettings.properties(16 * 1024, List.of()),
                  ContractJson.errorWriter(),
                  TestSettings.cors(List.of())))
          .build();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"status\":\"bogus\"}      | Invalid",
        "{\"status\":1}              | Invalid",
        "{\"status\":\"AVAILABLE\"}  | Invalid",
        "{\"status\":[\"away\"]}     | Invalid",
        "{\"status\":null}           | Missing",
        "{}                          | Missing",
        "{\"status\":\"bogus\",\"source\":\"user\"} | Invalid"
      })
  void aStatusThatIsNoneOfTheValuesNamesThemAll(String body, String what) throws Exception {
    assertInputError(
        send(body),
        "status",
        what + " status. Allowed values are " + USER_VALUES + ".",
        USER_VALUES);
  }

  /**
   * The source's values decide the status's, wherever the source stands in the body, even cut short
   * or followed by more.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"status\":\"bogus\",\"source\":\"idle\"}            | Invalid",
        "{\"source\":\"idle\",\"status\":\"bogus\"}            | Invalid",
        "{\"source\":\"idle\",\"status\":null}                 | Missing",
        "{\"source\":\"idle\"}                                 | Missing",
        "{\"pad\":{\"source\":\"user\"},\"source\":\"idle\",\"status\":2} | Invalid",
        "{\"status\":\"bogus\",\"source\":\"idle\"} trailing   | Invalid",
        "{\"status\":\"bogus\",\"source\":\"idle\",\"pad\":[1, | Invalid"
      })
  void aStatusFromIdleDetectionNamesIdlesValues(String body, String what) throws Exception {
    assertInputError(
        send(body),
        "status",
        what + " status. Allowed values are " + IDLE_VALUES + ".",
        IDLE_VALUES);
  }

  /** Broken before any source: the agent's values (the spec's default source). */
  @Test
  void aBodyBrokenBeforeItsSourceIsReadWithTheUsersValues() throws Exception {
    assertInputError(
        send("{\"status\":\"bogus\",\"pad\":[1,"),
        "status",
        "Invalid status. Allowed values are " + USER_VALUES + ".",
        USER_VALUES);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"status\":\"bogus\",\"source\":\"robot\"} | Invalid",
        "{\"source\":\"robot\",\"status\":\"bogus\"} | Invalid",
        "{\"source\":7,\"status\":\"bogus\"}         | Invalid",
        "{\"status\":\"bogus\",\"source\":null}      | Missing",
        "{\"status\":\"away\",\"source\":\"robot\"}  | Invalid",
        "{\"status\":\"away\",\"source\":null}       | Missing"
      })
  void aWrongSourceIsNamedBeforeAnythingElse(String body, String what) throws Exception {
    assertInputError(
        send(body), "source", what + " source. Allowed values are user, idle.", "user, idle");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"available\"", "42"})
  void aBodyThatIsNoObjectIsAnInputErrorOnTheBody(String body) throws Exception {
    assertInputError(send(body), "body", "The request body must be a JSON object.", "");
  }

  /** Spring MVC reads a JSON null as no body at all. */
  @Test
  void aNullBodyIsAMissingOne() throws Exception {
    assertInputError(send("null"), "body", "The request body is missing.", "");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"status\":", "not json", "{\"status\":\"away\",\"status\":\"busy\"}"})
  void brokenJsonIsAnInputErrorOnTheBody(String body) throws Exception {
    assertInputError(send(body), "body", "The request body is not valid JSON.", "");
  }

  @Test
  void aMissingBodyIsAnInputErrorOnTheBody() throws Exception {
    assertInputError(
        perform(put(PATH).contentType(MediaType.APPLICATION_JSON)),
        "body",
        "The request body is missing.",
        "");
  }

  @Test
  void aStreamedBodyPastTheCapIs413() throws Exception {
    String big = "{\"status\":\"away\",\"pad\":\"" + "x".repeat(20_000) + "\"}";
    assertError(
        perform(new ChunkedPut().contentType(MediaType.APPLICATION_JSON).content(big)),
        413,
        "PayloadTooLargeException",
        "The request body is larger than 16384 bytes.");
  }

  @Test
  void anotherContentTypeIs415NamingIt() throws Exception {
    assertError(
        perform(put(PATH).contentType(MediaType.TEXT_PLAIN).content("status=away")),
        415,
        "UnsupportedMediaTypeException",
        "Content type text/plain is not supported. Send application/json.");
    assertError(
        perform(put(PATH).content("{\"status\":\"away\"}")),
        415,
        "UnsupportedMediaTypeException",
        "A body without a content type is not supported. Send application/json.");
  }

  @Test
  void aWrongMethodIs405ListingTheRightOnes() throws Exception {
    MvcResult result = perform(post(PATH).contentType(MediaType.APPLICATION_JSON).content("{}"));
    assertError(
        result,
        405,
        "MethodNotAllowedException",
        "Method POST is not allowed here. Allowed methods are PUT.");
    assertThat(result.getResponse().getHeader("Allow")).isEqualTo("PUT");
  }

  @Test
  void anUnknownPathIs404NamingIt() throws Exception {
    assertError(
        perform(get("/api/v1/agents/you")),
        404,
        "NotFoundException",
        "No endpoint GET /api/v1/agents/you.");
  }

  @Test
  void anApiErrorIsAnsweredAsItIs() throws Exception {
    MvcResult result = perform(get("/test/api-error"));
    assertError(result, 429, "RateLimitException", "Too many requests. Try again in 3 seconds.");
    assertThat(result.getResponse().getHeader("Retry-After")).isEqualTo("3");
  }

  @Test
  void aFrameworkClientErrorIsItsDocumentedError() throws Exception {
    assertError(perform(get("/test/framework/403")), 403, "PermissionException", "Access denied.");
    assertError(
        perform(get("/test/framework/409")),
        400,
        "InputException",
        "The request is not valid (Conflict).");
  }

  @Test
  void anUnexpectedFailureOrAFrameworkServerErrorIs500NamingTheRequestOnly() throws Exception {
    MDC.put("requestId", "req-7");
    try {
      assertError(
          perform(get("/test/bug")),
          500,
          "GeneralException",
          "Unexpected error (request id req-7).");
      assertError(
          perform(get("/test/framework/503")),
          500,
          "GeneralException",
          "Unexpected error (request id req-7).");
    } finally {
      MDC.remove("requestId");
    }
  }

  /** The database out of reach is the catalogue's 503, with Retry-After, and opens the breaker. */
  @Test
  void aDatabaseOutOfReachIs503() throws Exception {
    MvcResult outage = perform(get("/test/database-out-of-reach"));
    assertError(outage, 503, "GeneralException", ErrorCatalogue.databaseUnavailable().message());
    assertThat(outage.getResponse().getHeader("Retry-After")).isEqualTo("1");
    assertThat(database.isDown()).isTrue();
  }

  /** Any other failure of a statement is a bug: a 500, and the breaker stays closed. */
  @Test
  void anotherDatabaseFailureIs500() throws Exception {
    assertThat(perform(get("/test/database-bug")).getResponse().getStatus()).isEqualTo(500);
    assertThat(database.isDown()).isFalse();
  }

  /**
   * Another body type than the API's: a field's allowed values come from its enum, a field of no
   * enum has none.
   */
  @Test
  void anInvalidFieldOfAnotherBodyNamesItsEnumsValues() throws Exception {
    assertInputError(
        perform(
            post("/test/other")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"x\"}")),
        "source",
        "Missing source. Allowed values are user, idle.",
        "user, idle");
    assertInputError(
        perform(
            post("/test/other")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"source\":\"idle\"}")),
        "name",
        "Missing name.",
        "");
    assertInputError(
        perform(
            post("/test/other")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"source\":\"idle\",\"name\":\"x\",\"size\":\"big\"}")),
        "size",
        "Invalid size.",
        "");
    assertInputError(other("{\"source\":\"idle\",\"name\":\"long\"}"), "name", "Invalid name.", "");
    assertInputError(
        other("{\"source\":\"idle\",\"name\":\"x\",\"size\":0}"), "sized", "Invalid sized.", "");
  }

  /** A field inside a list or an object is named by its path, without the list's index. */
  @Test
  void aNestedFieldIsNamedByItsPath() throws Exception {
    assertInputError(
        other("{\"source\":\"idle\",\"name\":\"x\",\"tags\":[\"user\",\"robot\"]}"),
        "tags",
        "Invalid tags. Allowed values are user, idle.",
        "user, idle");
    assertInputError(
        other("{\"source\":\"idle\",\"name\":\"x\",\"inner\":{\"kind\":\"robot\"}}"),
        "inner.kind",
        "Invalid inner.kind. Allowed values are user, idle.",
        "user, idle");
  }

  private MvcResult other(String body) throws Exception {
    return perform(post("/test/other").contentType(MediaType.APPLICATION_JSON).content(body));
  }

  private MvcResult send(String body) throws Exception {
    return perform(put(PATH).contentType(MediaType.APPLICATION_JSON).content(body));
  }

  private MvcResult perform(org.springframework.test.web.servlet.RequestBuilder request)
      throws Exception {
    return mvc.perform(request).andReturn();
  }

  private static void assertInputError(
      MvcResult result, String field, String message, String allowed) throws Exception {
    JsonNode data = assertError(result, 400, "InputException", message).path("data");
    assertThat(data.path("field").asString()).isEqualTo(field);
    List<String> values = new java.util.ArrayList<>();
    data.path("allowed_values").forEach(v -> values.add(v.asString()));
    assertThat(String.join(", ", values)).isEqualTo(allowed);
  }

  private static JsonNode assertError(MvcResult result, int status, String type, String message)
      throws Exception {
    assertThat(result.getResponse().getStatus()).isEqualTo(status);
    assertThat(result.getResponse().getContentType()).startsWith("application/json");
    JsonNode body = ContractJson.mapper().readTree(result.getResponse().getContentAsByteArray());
    assertThat(body.path("status").asString()).isEqualTo("error");
    assertThat(body.path("error_type").asString()).isEqualTo(type);
    assertThat(body.path("message").asString()).isEqualTo(message);
    return body;
  }

  /**
   * The generated interface, so that its mappings and validation are the server's; it answers
   * nothing of interest.
   */
  @RestController
  static class StubAgents implements AgentsApi {
    @Override
    public ResponseEntity<AgentResponse> getCurrentAgent() {
      return ResponseEntity.noContent().build();
    }

    @Override
    public ResponseEntity<AgentResponse> updateAgentAvailability(AvailabilityRequest request) {
      return ResponseEntity.noContent().build();
    }
  }

  /** A PUT whose body comes without a declared length, as a chunked one does. */
  static final class ChunkedPut extends AbstractMockHttpServletRequestBuilder<ChunkedPut> {
    ChunkedPut() {
      super(HttpMethod.PUT);
      uri(PATH);
    }

    @Override
    protected MockHttpServletRequest createServletRequest(ServletContext servletContext) {
      return new MockHttpServletRequest(servletContext) {
        @Override
        public int getContentLength() {
          return -1;
        }

        @Override
        public long getContentLengthLong() {
          return -1;
        }
      };
    }
  }

  /**
   * A body of another shape, bound field by field (so an absent field is left null for validation
   * to find).
   */
  static class OtherBody {
    @NotNull public ChangeSource source;

    @NotNull
    @Size(max = 3)
    public String name;

    public Integer size;
    public List<ChangeSource> tags;
    public Inner inner;

    /** A property that no field holds. */
    @AssertTrue
    public boolean isSized() {
      return size == null || size > 0;
    }
  }

  record Inner(ChangeSource kind) {}

  @RestController
  static class Failing {
    @GetMapping("/test/api-error")
    String apiError() {
      throw ApiError.of(ErrorCatalogue.tooManyRequests(3));
    }

    @GetMapping("/test/bug")
    String bug() {
      throw new IllegalStateException("database password is hunter2");
    }

    @GetMapping("/test/database-out-of-reach")
    String databaseOutOfReach() {
      throw new CannotGetJdbcConnectionException(
          "Failed to obtain JDBC Connection",
          new SQLException("Connection to localhost:5432 refused.", "08001"));
    }

    @GetMapping("/test/database-bug")
    String databaseBug() {
      throw new DataIntegrityViolationException(
          "duplicate key", new SQLException("duplicate key value", "23505"));
    }

    @GetMapping("/test/framework/{status}")
    String framework(@org.springframework.web.bind.annotation.PathVariable("status") int status) {
      throw new ResponseStatusException(HttpStatus.valueOf(status));
    }

    @PostMapping("/test/other")
    String other(@Valid @RequestBody OtherBody body) {
      return "ok";
    }
  }
}
