package org.availkit.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The contract as the mock reads it: the api-spec jar's {@code openapi.yaml} (never a copy), or a
 * file given with {@code --spec}; its operations, and the examples of its responses. Whatever the
 * spec's examples say, the mock serves.
 */
public final class ContractSpec {

  static final String AGENT_EXAMPLE = "AgentOnline";

  private final String text;
  private final CompletableFuture<OpenAPI> api;

  /** Each path's methods, read once from the parsed spec. */
  private final CompletableFuture<Map<String, List<String>>> pathMethods;

  private ContractSpec(String text, CompletableFuture<OpenAPI> api) {
    this.text = text;
    this.api = api;
    this.pathMethods =
        api.thenApply(
            parsed -> {
              Map<String, List<String>> methods = new LinkedHashMap<>();
              parsed
                  .getPaths()
                  .forEach(
                      (path, item) ->
                          methods.put(
                              path,
                              item.readOperationsMap().keySet().stream().map(Enum::name).toList()));
              methods.put(ApiFilter.SPEC_PATH, List.of("GET"));
              return Map.copyOf(methods);
            });
  }

  /** The spec packaged in the api-spec jar. */
  public static ContractSpec packaged() {
    return fromText(packagedText());
  }

  /**
   * The packaged spec, parsed on a thread of its own: the mock's start goes on meanwhile, and
   * {@link #awaitParsed()} waits for it (and throws what parsing threw).
   */
  static ContractSpec packagedInBackground() {
    String text = packagedText();
    return new ContractSpec(text, Background.supply("spec-parser", () -> parse(text)));
  }

  /** A spec from its text (tests use this to prove that the mock follows the spec). */
  public static ContractSpec fromText(String text) {
    return new ContractSpec(text, CompletableFuture.completedFuture(parse(text)));
  }

  /**
   * A spec file of the user's ({@code --spec}), checked as the mock needs it: it parses without a
   * message from the parser, has paths, and has the {@value #AGENT_EXAMPLE} example every agent
   * starts as. Throws {@link IllegalArgumentException} saying what is wrong.
   */
  static ContractSpec load(String text) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    var result = new OpenAPIV3Parser().readContents(text, null, options);
    List<String> messages = result.getMessages() == null ? List.of() : result.getMessages();
    if (result.getOpenAPI() == null || !messages.isEmpty()) {
      throw new IllegalArgumentException(
          messages.isEmpty() ? "not an OpenAPI document" : String.join("; ", messages));
    }
    ContractSpec spec =
        new ContractSpec(text, CompletableFuture.completedFuture(result.getOpenAPI()));
    if (result.getOpenAPI().getPaths() == null || result.getOpenAPI().getPaths().isEmpty()) {
      throw new IllegalArgumentException("it has no paths");
    }
    try {
      spec.exampleAgent();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "components.examples."
              + AGENT_EXAMPLE
              + " (an agent answer, the agent every"
              + " credential starts as) is missing or has no data");
    }
    return spec;
  }

  private static String packagedText() {
    try (InputStream in = ContractSpec.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException(
            "openapi.yaml is missing from the classpath (api-spec jar)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static OpenAPI parse(String text) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    OpenAPI api = new OpenAPIV3Parser().readContents(text, null, options).getOpenAPI();
    if (api == null) {
      throw new IllegalStateException("openapi.yaml does not parse");
    }
    return api;
  }

  /** Waits until the spec is parsed; throws what parsing threw. */
  void awaitParsed() {
    api();
  }

  public String text() {
    return text;
  }

  OpenAPI api() {
    return Background.join(api);
  }

  /** The operations of a path by method (upper case), or empty for an unknown path. */
  Map<String, Operation> operations(String path) {
    PathItem item = api().getPaths().get(path);
    Map<String, Operation> ops = new LinkedHashMap<>();
    if (item != null) {
      item.readOperationsMap().forEach((method, op) -> ops.put(method.name(), op));
    }
    return ops;
  }

  /** The methods of a path (the spec's own path included), none outside the API. */
  List<String> methods(String path) {
    return Background.join(pathMethods).getOrDefault(path, List.of());
  }

  /** The example response of an operation for a status: the named example, or the first one. */
  Optional<DocumentedResponse> response(
      String path, String method, int status, String exampleName) {
    Operation op = operations(path).get(method);
    if (op == null || op.getResponses() == null) {
      return Optional.empty();
    }
    ApiResponse response = op.getResponses().get(Integer.toString(status));
    if (response == null || response.getContent() == null) {
      return Optional.empty();
    }
    MediaType media = response.getContent().get("application/json");
    if (media == null) {
      return Optional.empty();
    }
    JsonNode body = null;
    if (media.getExamples() != null && !media.getExamples().isEmpty()) {
      var examples = media.getExamples();
      var chosen =
          exampleName == null ? examples.values().iterator().next() : examples.get(exampleName);
      body = chosen == null ? null : Json.mapper().valueToTree(chosen.getValue());
    } else if (media.getExample() != null && exampleName == null) {
      body = Json.mapper().valueToTree(media.getExample());
    }
    if (body == null) {
      return Optional.empty();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (response.getHeaders() != null) {
      for (Map.Entry<String, Header> h : response.getHeaders().entrySet()) {
        Schema<?> schema = h.getValue().getSchema();
        Object example =
            h.getValue().getExample() != null
                ? h.getValue().getExample()
                : schema == null ? null : schema.getExample();
        if (example != null) {
          headers.put(h.getKey(), example.toString());
        }
      }
    }
    return Optional.of(new DocumentedResponse(status, headers, body));
  }

  /**
   * The agent every credential starts as: the data of the spec's {@value #AGENT_EXAMPLE} example.
   */
  ObjectNode exampleAgent() {
    Object value = api().getComponents().getExamples().get(AGENT_EXAMPLE).getValue();
    return (ObjectNode) Json.mapper().valueToTree(value).get("data").deepCopy();
  }

  /** The allowed values of a request body property (its enum in the spec), or none. */
  List<String> allowedValues(String path, String method, String property) {
    Operation op = operations(path).get(method);
    if (op == null || op.getRequestBody() == null) {
      return List.of();
    }
    Schema<?> schema = op.getRequestBody().getContent().get("application/json").getSchema();
    Schema<?> prop = schema.getProperties() == null ? null : schema.getProperties().get(property);
    if (prop == null || prop.getEnum() == null) {
      return List.of();
    }
    // A nullable enum lists null among its values; null is allowed, but it is no value to name.
    return prop.getEnum().stream()
        .filter(java.util.Objects::nonNull)
        .map(Object::toString)
        .toList();
  }

  /** A documented answer: status, the headers the spec names (with their examples), the body. */
  record DocumentedResponse(int status, Map<String, String> headers, JsonNode body) {}
}
