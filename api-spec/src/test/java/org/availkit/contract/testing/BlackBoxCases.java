package org.availkit.contract.testing;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The black-box case list, derived from the spec: every requested status x source in both
 * credential forms, invalid, missing and mistyped fields, malformed JSON, duplicate keys, missing
 * and bad credentials in both forms, a wrong method, a wrong media type and an oversize body. One
 * definition for the server-versus-mock differential (contract-tests) and the conformance runner
 * (conformance), which sends it to any base URL.
 */
public final class BlackBoxCases {

  public static final String PUT_PATH = "/api/v1/agents/me/availability";
  public static final String GET_PATH = "/api/v1/agents/me";

  /** The packaged spec (the api-spec jar's openapi.yaml), parsed with every reference resolved. */
  public static final OpenAPI SPEC = parseSpec();

  private BlackBoxCases() {}

  /**
   * A request and how it is sent: valid ones are checked against the spec in full, the others by
   * their answer; {@code expected} is the HTTP status the answer must have, written out.
   */
  public record Case(
      String name,
      String method,
      String path,
      Map<String, String> headers,
      String body,
      boolean valid,
      String documentedMethod,
      int expected) {

    /** Whether sending it changes nothing, on a server that keeps the contract: not a 200 PUT. */
    public boolean readOnly() {
      return !(method.equals("PUT") && expected == 200);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * The cases for the agent of {@code key} and {@code secret}, in the order they are sent. Each PUT
   * that the spec allows expects 200 whatever the agent's status, and each other one its error, so
   * the list holds from any starting status.
   */
  public static List<Case> cases(String key, String secret) {
    String basic = ApiTestClient.basic(key, secret);
    String token = ApiTestClient.token(key, secret);
    List<Case> cases = new ArrayList<>();
    // Every requested status x source the spec allows, in both credential forms.
    for (String status : enumOf("status")) {
      for (String source : enumOf("source")) {
        String body = "{\"status\":\"" + status + "\",\"source\":\"" + source + "\"}";
        boolean valid =
            RuleCases.every()
                .noneMatch(
                    rule ->
                        rule.requested().equals(status)
                            && rule.source().equals(source)
                            && rule.rejected());
        cases.add(
            new Case(
                status + " (" + source + ")",
                "PUT",
                PUT_PATH,
                json(basic),
                body,
                valid,
                "PUT",
                valid ? 200 : 400));
      }
      cases.add(
          new Case(
              status + " (token form)",
              "PUT",
              PUT_PATH,
              json(token),
              "{\"status\":\"" + status + "\"}",
              true,
              "PUT",
              200));
    }
    cases.add(new Case("GET the agent", "GET", GET_PATH, auth(basic), null, true, "GET", 200));
    cases.add(
        new Case(
            "status outside the enum",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"status\":\"napping\"}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "status outside the enum, from idle detection",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"status\":\"napping\",\"source\":\"idle\"}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "status outside the enum, source first",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"source\":\"idle\",\"status\":\"napping\"}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "missing status, from idle detection",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"source\":\"idle\"}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "source outside the enum",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"status\":\"away\",\"source\":\"x\"}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "status and source outside the enums",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"status\":\"napping\",\"source\":\"x\"}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "missing status",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"source\":\"user\"}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "null status", "PUT", PUT_PATH, json(basic), "{\"status\":null}", false, "PUT", 400));
    cases.add(
        new Case(
            "null source",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"status\":\"busy\",\"source\":null}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "status of the wrong type",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"status\":1}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "source of the wrong type",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"status\":\"away\",\"source\":[]}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "malformed JSON", "PUT", PUT_PATH, json(basic), "{\"status\":", false, "PUT", 400));
    cases.add(new Case("a JSON array", "PUT", PUT_PATH, json(basic), "[]", false, "PUT", 400));
    cases.add(
        new Case(
            "duplicate keys",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"status\":\"away\",\"status\":\"busy\"}",
            false,
            "PUT",
            400));
    cases.add(
        new Case(
            "body over the cap",
            "PUT",
            PUT_PATH,
            json(basic),
            "{\"status\":\"away\",\"pad\":\"" + "x".repeat(20_000) + "\"}",
            false,
            "PUT",
            413));
    cases.add(
        new Case(
            "text/plain body",
            "PUT",
            PUT_PATH,
            headers(basic, "text/plain"),
            "status=away",
            false,
            "PUT",
            415));
    cases.add(new Case("no credentials (GET)", "GET", GET_PATH, Map.of(), null, false, "GET", 401));
    cases.add(
        new Case(
            "no credentials (PUT)",
            "PUT",
            PUT_PATH,
            json(null),
            "{\"status\":\"away\"}",
            false,
            "PUT",
            401));
    cases.add(
        new Case(
            "wrong secret, Basic",
            "GET",
            GET_PATH,
            auth(ApiTestClient.basic(key, "nope")),
            null,
            false,
            "GET",
            401));
    cases.add(
        new Case(
            "wrong secret, token",
            "GET",
            GET_PATH,
            auth(ApiTestClient.token(key, "nope")),
            null,
            false,
            "GET",
            401));
    cases.add(
        new Case(
            "unknown key",
            "GET",
            GET_PATH,
            auth(ApiTestClient.token(AgentFixtures.UNKNOWN_KEY, secret)),
            null,
            false,
            "GET",
            401));
    cases.add(new Case("not base64", "GET", GET_PATH, auth("Basic %%%"), null, false, "GET", 401));
    cases.add(
        new Case(
            "no colon",
            "GET",
            GET_PATH,
            auth(
                "Basic "
                    + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8))),
            null,
            false,
            "GET",
            401));
    cases.add(
        new Case(
            "another scheme",
            "GET",
            GET_PATH,
            auth("Bearer " + key + ":" + secret),
            null,
            false,
            "GET",
            401));
    cases.add(
        new Case(
            "POST on the availability",
            "POST",
            PUT_PATH,
            json(basic),
            "{\"status\":\"away\"}",
            false,
            "PUT",
            405));
    cases.add(
        new Case("DELETE on the agent", "DELETE", GET_PATH, auth(basic), null, false, "GET", 405));
    return List.copyOf(cases);
  }

  /**
   * Sends {@code c} through {@code client} as its kind asks: a wrong method checked as the 405 of
   * the documented one, a valid request in full, any other by its answer only.
   */
  public static ApiTestClient.Exchange send(ApiTestClient client, Case c) {
    if (!c.method().equals(c.documentedMethod())) {
      return client.sendWrongMethod(
          c.method(), c.path(), c.documentedMethod(), c.headers(), c.body());
    }
    if (c.valid()) {
      return c.method().equals("GET")
          ? client.getMe(c.headers().get("Authorization"))
          : client.put(c.headers().get("Authorization"), c.body());
    }
    return client.sendInvalid(c.method(), c.path(), c.headers(), c.body());
  }

  /** The headers the spec names for an operation's answer with this status. */
  public static Set<String> specHeaders(String method, String path, int status) {
    Operation op =
        method.equals("GET")
            ? SPEC.getPaths().get(path).getGet()
            : SPEC.getPaths().get(path).getPut();
    var response = op.getResponses().get(Integer.toString(status));
    return response == null || response.getHeaders() == null
        ? Set.of()
        : response.getHeaders().keySet();
  }

  /** A request body property's enum in the spec, without its null. */
  public static List<String> enumOf(String property) {
    Schema<?> body =
        SPEC.getPaths()
            .get(PUT_PATH)
            .getPut()
            .getRequestBody()
            .getContent()
            .get("application/json")
            .getSchema();
    return body.getProperties().get(property).getEnum().stream()
        .filter(Objects::nonNull)
        .map(Object::toString)
        .toList();
  }

  private static Map<String, String> json(String authorization) {
    return headers(authorization, "application/json");
  }

  private static Map<String, String> auth(String authorization) {
    return headers(authorization, null);
  }

  private static Map<String, String> headers(String authorization, String contentType) {
    return new LinkedHashMap<>(ApiTestClient.headers(authorization, contentType));
  }

  private static OpenAPI parseSpec() {
    try (InputStream in = BlackBoxCases.class.getResourceAsStream("/openapi.yaml")) {
      ParseOptions options = new ParseOptions();
      options.setResolve(true);
      options.setResolveFully(true);
      return new OpenAPIV3Parser()
          .readContents(new String(in.readAllBytes(), StandardCharsets.UTF_8), null, options)
          .getOpenAPI();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
