package org.availkit.contract.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.availkit.contract.AvailabilityRules;
import org.availkit.contract.ServerAndMock;
import org.availkit.contract.Source;

/**
 * The hostile corpus: malformed requests of every kind the hardening issue names, generated from a
 * fixed seed so that a failure names a request that can be sent again.
 */
final class HostileCorpus {

  static final String PUT_PATH = "/api/v1/agents/me/availability";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = ServerAndMock.KEY;
  private static final String SECRET = ServerAndMock.SECRET;

  /** A status and the envelope's {@code error_type}, as the README's table of errors pairs them. */
  record Answer(int status, String errorType) {
    @Override
    public String toString() {
      return errorType == null ? status + " success" : status + " " + errorType;
    }
  }

  static final Answer INPUT = new Answer(400, "InputException");
  static final Answer UNAUTHORIZED = new Answer(401, "UnauthorizedException");
  static final Answer NOT_FOUND = new Answer(404, "NotFoundException");
  static final Answer NOT_ALLOWED = new Answer(405, "MethodNotAllowedException");
  static final Answer TOO_LARGE = new Answer(413, "PayloadTooLargeException");
  static final Answer UNSUPPORTED = new Answer(415, "UnsupportedMediaTypeException");

  /** The success envelope, the agent still busy: what a request with nothing wrong is answered. */
  static final Answer OK = new Answer(200, null);

  /**
   * A named request, byte for byte, and the answer each side must give it, from what the attack is.
   * The two differ only where the request never reaches the API's rules: Tomcat and Spring
   * Security's firewall refuse some paths and methods (400) that WireMock's Jetty routes and finds
   * no endpoint or method for (404, 405).
   */
  record Attack(String name, byte[] request, Answer server, Answer mock) {
    Attack(String name, byte[] request, Answer both) {
      this(name, request, both, both);
    }
  }

  private HostileCorpus() {}

  /** The corpus: deterministic (seeded), so a failure names a request that can be sent again. */
  static List<Attack> generate(String good) {
    List<Attack> all = new ArrayList<>();
    Random random = new Random(20261124);
    String valid = "{\"status\":\"away\",\"source\":\"user\"}";
    // Truncated JSON: every proper prefix of a valid body.
    for (int i = 0; i < valid.length(); i++) {
      // An empty body is a missing one; every other prefix is JSON cut short.
      all.add(put(good, "truncated at " + i, valid.substring(0, i), INPUT));
    }
    // Broken JSON.
    for (String broken :
        List.of(
            "{",
            "}",
            "{status:away}",
            "{'status':'away'}",
            "{\"status\":\"away\",}",
            "{\"status\" \"away\"}",
            "{\"status\":\"away\"",
            "[{\"status\":\"away\"}",
            "{\"status\":\"away\"}}",
            "{\"status\":\"away\"} trailing",
            "\"status\"",
            "nul",
            "tru",
            "{\"status\":undefined}",
            "{\"status\":NaN}",
            "{\"status\":\"away\" /* c */}",
            "\u0000",
            "{\"status\":\"\\u00\"}",
            "{\"status\":\"\\x41\"}",
            "{{}}")) {
      all.add(put(good, "broken " + broken, broken, INPUT));
    }
    // Wrong types and nulls for each field.
    for (String field : List.of("status", "source")) {
      for (String value :
          List.of(
              "1",
              "-1",
              "0.5",
              "1e309",
              "true",
              "false",
              "null",
              "[]",
              "[\"away\"]",
              "{}",
              "{\"status\":\"away\"}",
              "\"\"",
              "\" away\"",
              "\"AWAY\"",
              "\"away \"",
              "\"available\\u0000\"")) {
        String body =
            field.equals("status")
                ? "{\"status\":" + value + "}"
                : "{\"status\":\"away\",\"source\":" + value + "}";
        // Not one of the field's values, whatever the type: the spec's enums are strings.
        all.add(put(good, field + " = " + value, body, INPUT));
      }
    }
    // Not one object.
    for (String other : List.of("[]", "42", "\"away\"", "null", "true", "[1,2,3]", "  ", "\n")) {
      all.add(put(good, "body " + other.strip(), other, INPUT));
    }
    // Huge and deeply nested values.
    // Past the 16 KiB body limit, 413; under it, a status that is none of the values.
    all.add(put(good, "20 KB status", "{\"status\":\"" + "a".repeat(20_000) + "\"}", TOO_LARGE));
    all.add(put(good, "15 KB status", "{\"status\":\"" + "a".repeat(15_000) + "\"}", INPUT));
    all.add(put(good, "5000-digit number", "{\"status\":" + "9".repeat(5_000) + "}", INPUT));
    all.add(
        put(
            good,
            "2000-deep arrays",
            "{\"status\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}",
            INPUT));
    all.add(
        put(
            good,
            "1000-deep objects",
            "{\"status\":" + "{\"a\":".repeat(1_000) + "1" + "}".repeat(1_000) + "}",
            INPUT));
    StringBuilder manyKeys = new StringBuilder("{");
    for (int i = 0; i < 500; i++) {
      manyKeys.append("\"k").append(i).append("\":1,");
    }
    all.add(put(good, "500 keys and a wrong status", manyKeys + "\"status\":1}", INPUT));
    // Control characters (unescaped in a JSON string: not JSON) and invalid UTF-8 (not JSON, or no
    // status).
    for (int c = 0; c < 32; c++) {
      all.add(put(good, "control " + c, "{\"status\":\"aw" + (char) c + "ay\"}", INPUT));
    }
    for (byte[] bad :
        List.of(
            new byte[] {(byte) 0xff},
            new byte[] {(byte) 0xc3},
            new byte[] {(byte) 0xe2, (byte) 0x82},
            new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0xc0, (byte) 0xaf},
            new byte[] {0, 0, 0})) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes("{\"status\":\"".getBytes(StandardCharsets.UTF_8));
      body.writeBytes(bad);
      body.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
      all.add(
          new Attack(
              "invalid UTF-8 " + java.util.HexFormat.of().formatHex(bad),
              request(
                  "PUT",
                  PUT_PATH,
                  List.of("Authorization: " + good, "Content-Type: application/json"),
                  body.toByteArray()),
              INPUT));
    }
    // Random byte mutations of valid bodies (flip, insert, delete), keeping only those that no
    // longer
    // make a valid request: a valid one would rightly change the state.
    List<String> bodies =
        List.of(
            valid,
            "{\"status\":\"available\"}",
            "{\"status\":\"offline\",\"source\":\"idle\"}",
            "{\"status\":\"away_and_reassigning\",\"source\":\"user\"}",
            "{\"status\":\"online\",\"source\":\"idle\"}");
    int mutations = 0;
    while (mutations < 100) {
      byte[] body = bodies.get(random.nextInt(bodies.size())).getBytes(StandardCharsets.UTF_8);
      int at = random.nextInt(body.length);
      byte[] mutated =
          switch (random.nextInt(3)) {
            case 0 -> {
              byte[] copy = body.clone();
              copy[at] = (byte) random.nextInt(256);
              yield copy;
            }
            case 1 -> {
              byte[] copy = new byte[body.length + 1];
              System.arraycopy(body, 0, copy, 0, at);
              copy[at] = (byte) random.nextInt(256);
              System.arraycopy(body, at, copy, at + 1, body.length - at);
              yield copy;
            }
            default -> {
              byte[] copy = new byte[body.length - 1];
              System.arraycopy(body, 0, copy, 0, at);
              System.arraycopy(body, at + 1, copy, at, body.length - at - 1);
              yield copy;
            }
          };
      if (!validRequestBody(mutated)) {
        all.add(
            new Attack(
                "mutation " + mutations + ": " + new String(mutated, StandardCharsets.ISO_8859_1),
                request(
                    "PUT",
                    PUT_PATH,
                    List.of("Authorization: " + good, "Content-Type: application/json"),
                    mutated),
                INPUT));
        mutations++;
      }
    }
    // Duplicate keys.
    all.add(put(good, "duplicate status", "{\"status\":\"away\",\"status\":\"busy\"}", INPUT));
    all.add(
        put(
            good,
            "duplicate source",
            "{\"status\":\"away\",\"source\":\"user\",\"source\":\"idle\"}",
            INPUT));
    all.add(put(good, "duplicate same value", "{\"status\":\"away\",\"status\":\"away\"}", INPUT));
    contentTypes(good, all);
    // Missing bodies.
    // Missing bodies: without a type, the type is what is wrong (415); with one, the body (400).
    all.add(
        new Attack(
            "no body, no type",
            request("PUT", PUT_PATH, List.of("Authorization: " + good), null),
            UNSUPPORTED));
    all.add(
        new Attack(
            "no body, json type",
            request(
                "PUT",
                PUT_PATH,
                List.of("Authorization: " + good, "Content-Type: application/json"),
                null),
            INPUT));
    // The body read is the first five bytes, {"sta: not JSON.
    all.add(
        new Attack(
            "length lies short",
            rawRequest(
                "PUT "
                    + PUT_PATH
                    + " HTTP/1.1\r\nHost: x\r\nAuthorization: "
                    + good
                    + "\r\nContent-Type: application/json\r\nContent-Length: 5\r\nConnection: close\r\n\r\n"
                    + valid),
            INPUT));
    // Odd methods on both paths: 405 for HTTP's methods (CONNECT and TRACE too, which the
    // containers
    // answer themselves); a method outside them Spring Security's firewall refuses before routing
    // (StrictHttpFirewall's allowed methods), where the mock routes it to its 405.
    for (String method :
        List.of("POST", "PATCH", "DELETE", "TRACE", "PROPFIND", "FOO", "CONNECT")) {
      boolean standard = !Set.of("PROPFIND", "FOO").contains(method);
      for (String path : List.of(PUT_PATH, "/api/v1/agents/me")) {
        all.add(
            new Attack(
                method + " " + path,
                request(
                    method,
                    path,
                    List.of("Authorization: " + good, "Content-Type: application/json"),
                    valid.getBytes(StandardCharsets.UTF_8)),
                standard ? NOT_ALLOWED : INPUT,
                NOT_ALLOWED));
      }
    }
    // Odd or encoded paths, each with a body that the endpoint would refuse (400), so a path that
    // reaches it shows as such. The server's Tomcat decodes and normalises the path, and it and
    // Spring Security's firewall refuse what is ambiguous (400); WireMock matches the path as sent.
    Map<String, List<Answer>> paths = new LinkedHashMap<>();
    // %6d is 'm': Tomcat decodes it and the request reaches the endpoint; WireMock knows no such
    // path.
    paths.put("/api/v1/agents/%6de/availability", List.of(INPUT, NOT_FOUND));
    // An encoded slash, a dot segment, an empty segment, a path parameter, encoded dots, an encoded
    // percent, a backslash, a raw non-ASCII byte: refused by the server's container or firewall.
    paths.put("/api/v1/agents/me%2Favailability", List.of(INPUT, NOT_FOUND));
    paths.put("/api/v1/agents/me/../me/availability", List.of(INPUT, NOT_FOUND));
    paths.put("/api/v1/agents//me/availability", List.of(INPUT, NOT_FOUND));
    paths.put("/api/v1/agents/me/availability;x=1", List.of(INPUT, NOT_FOUND));
    paths.put("/api/v1/agents/%2e%2e/me/availability", List.of(INPUT, NOT_FOUND));
    paths.put("/api/v1/agents/%252e%252e/me", List.of(INPUT, NOT_FOUND));
    paths.put("/api/v1/agents/me/availability\\..\\x", List.of(INPUT, NOT_FOUND));
    paths.put("/api/v1/\u00e9", List.of(INPUT, NOT_FOUND));
    // Not a request target either container takes: an encoded NUL, a broken escape, a lone %, *.
    paths.put("/api/v1/agents/me/availability%00", List.of(INPUT, INPUT));
    paths.put("/api/v1/agents/me/%ZZ", List.of(INPUT, INPUT));
    paths.put("/%", List.of(INPUT, INPUT));
    paths.put("*", List.of(INPUT, INPUT));
    // Paths that match no endpoint: a trailing slash, another case.
    paths.put("/api/v1/agents/me/availability/", List.of(NOT_FOUND, NOT_FOUND));
    paths.put("/API/V1/AGENTS/ME/AVAILABILITY", List.of(NOT_FOUND, NOT_FOUND));
    // The endpoint's path with a query (ignored) or a fragment, which Tomcat refuses in a request
    // line and Jetty drops: the body's 400 where the request gets through.
    paths.put("/api/v1/agents/me/availability?status=away", List.of(INPUT, INPUT));
    paths.put("/api/v1/agents/me/availability#frag", List.of(INPUT, INPUT));
    paths.forEach(
        (path, answers) ->
            all.add(
                new Attack(
                    "path " + path,
                    request(
                        "PUT",
                        path,
                        List.of("Authorization: " + good, "Content-Type: application/json"),
                        "{\"status\":1}".getBytes(StandardCharsets.UTF_8)),
                    answers.get(0),
                    answers.get(1))));
    // Broken credentials, each with a body that would otherwise change the state.
    List<String> badAuth =
        new ArrayList<>(
            List.of(
                "Basic " + b64(KEY),
                "Basic " + b64(KEY + SECRET),
                "Basic !!!!",
                "Basic " + b64(":" + SECRET),
                "Basic " + b64(KEY + ":"),
                "Basic " + b64(":"),
                "Basic",
                "Basic ",
                "token",
                "token " + KEY,
                "token :" + SECRET,
                "token " + KEY + ":",
                "Bearer " + KEY + ":" + SECRET,
                "Digest " + KEY,
                KEY + ":" + SECRET,
                "Basic " + b64(KEY + ":" + SECRET + "x"),
                "Basic " + b64(KEY.toUpperCase() + ":" + SECRET),
                "token " + KEY + ":" + SECRET.toUpperCase(),
                "Basic " + b64(KEY + " :" + SECRET),
                "Basic " + "A".repeat(8192),
                "token " + KEY + ":" + "s".repeat(8000),
                "Basic " + b64(KEY + ":" + SECRET) + "==",
                "Basic\t" + b64(KEY + ":" + SECRET + "!")));
    for (int i = 0; i < 20; i++) {
      byte[] noise = new byte[1 + random.nextInt(40)];
      random.nextBytes(noise);
      badAuth.add(
          (random.nextBoolean() ? "Basic " : "token ") + Base64.getEncoder().encodeToString(noise));
    }
    // Each is the one 401 of bad credentials (where the failed-authentication limit does not answer
    // first).
    for (String auth : badAuth) {
      all.add(
          new Attack(
              "credentials '" + abbreviate(auth) + "'",
              request(
                  "PUT",
                  PUT_PATH,
                  List.of("Authorization: " + auth, "Content-Type: application/json"),
                  valid.getBytes(StandardCharsets.UTF_8)),
              UNAUTHORIZED));
    }
    all.add(
        new Attack(
            "two Authorization headers",
            request(
                "PUT",
                PUT_PATH,
                List.of(
                    "Authorization: " + good,
                    "Authorization: " + good,
                    "Content-Type: application/json"),
                valid.getBytes(StandardCharsets.UTF_8)),
            UNAUTHORIZED));
    all.add(
        new Attack(
            "no credentials",
            request(
                "PUT",
                PUT_PATH,
                List.of("Content-Type: application/json"),
                valid.getBytes(StandardCharsets.UTF_8)),
            UNAUTHORIZED));
    return all;
  }

  /** The top-level types of IANA's registry, and one made up, each with a few common subtypes. */
  private static final Map<String, List<String>> TYPES =
      Map.ofEntries(
          Map.entry(
              "application",
              List.of("json", "xml", "x-www-form-urlencoded", "octet-stream", "merge-patch+json")),
          Map.entry("text", List.of("plain", "json", "html")),
          Map.entry("multipart", List.of("form-data", "mixed", "related")),
          Map.entry("message", List.of("rfc822", "http")),
          Map.entry("image", List.of("png", "svg+xml")),
          Map.entry("audio", List.of("mpeg")),
          Map.entry("video", List.of("mp4")),
          Map.entry("font", List.of("woff2")),
          Map.entry("model", List.of("gltf+json")),
          Map.entry("x-made-up", List.of("json")));

  /**
   * Parameters for each: none, a boundary (with and without a value), charsets Java knows and does
   * not, and garbage (a quality out of range, no value, a bare word, spaces, stray separators).
   */
  private static final List<String> PARAMETERS =
      List.of(
          "",
          "; boundary=x",
          "; boundary=",
          "; charset=utf-8",
          "; charset=bogus",
          "; charset=\"no such\"",
          "; q=2",
          "; foo",
          "; foo=bar baz",
          ";;; =");

  /** Types no table makes: malformed, wildcards, near misses, very long, non-ASCII. */
  private static final List<String> MALFORMED_TYPES =
      List.of(
          "",
          " ",
          "json",
          "multipart",
          "application",
          "application/",
          "/json",
          "; charset=utf-8",
          "; boundary=x",
          "*/*",
          "*",
          "application/*",
          "application/jsonx",
          "application/json-patch+json",
          "application/json;",
          "application/json; charset=",
          "application/json ; charset = UTF-8",
          "APPLICATION/JSON; CHARSET=UTF-16",
          "application/json; charset=utf-8; charset=bogus",
          "application/json, text/plain",
          "application/" + "j".repeat(8_000),
          "application/json; x=" + "a".repeat(8_000),
          "application/js\u00f3n",
          "appl\u00efcation/json",
          "application/json; x=\"caf\u00e9\"",
          "multipart/form-data; boundary=\u00e9");

  /** A body that is no JSON at all: a multipart form, as a client sending one would. */
  private static final String NOT_JSON_BODY =
      "--x\r\nContent-Disposition: form-data; name=\"status\"\r\n\r\naway\r\n--x--\r\n";

  /**
   * Every content type, generated from the tables above, with a JSON body and a body that is not
   * JSON, to PUT, and to GET, which takes no body and must answer as ever. Where the endpoint takes
   * the type (Spring's own parser is the judge here: the server's endpoint consumes
   * application/json, so the type must parse and be that, parameters aside), the JSON body is the
   * agent's own status (200, nothing written) and the other a 400; every other type is a 415.
   */
  private static void contentTypes(String good, List<Attack> all) {
    List<String> types = new ArrayList<>();
    TYPES.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                e.getValue()
                    .forEach(
                        sub -> PARAMETERS.forEach(p -> types.add(e.getKey() + "/" + sub + p))));
    types.addAll(MALFORMED_TYPES);
    String json = "{\"status\":\"busy\"}";
    for (String type : types) {
      boolean taken = springTakes(type);
      List<String> headers = List.of("Authorization: " + good, "Content-Type: " + type);
      String name = "content type '" + (type.length() > 80 ? abbreviate(type) : type) + "'";
      all.add(
          new Attack(
              name + ", JSON body",
              request("PUT", PUT_PATH, headers, json.getBytes(StandardCharsets.UTF_8)),
              taken ? OK : UNSUPPORTED));
      all.add(
          new Attack(
              name + ", multipart body",
              request("PUT", PUT_PATH, headers, NOT_JSON_BODY.getBytes(StandardCharsets.UTF_8)),
              taken ? INPUT : UNSUPPORTED));
      all.add(
          new Attack(
              "GET with " + name,
              request(
                  "GET",
                  "/api/v1/agents/me",
                  headers,
                  NOT_JSON_BODY.getBytes(StandardCharsets.UTF_8)),
              OK));
    }
  }

  /**
   * Whether the server's endpoint takes the type, decided by Spring itself, as its
   * ConsumesRequestCondition decides: the header parsed with MediaType.parseMediaType (a type it
   * cannot parse is a 415), and application/json including it. The header goes out as UTF-8 and
   * Tomcat reads it as ISO-8859-1: a non-ASCII type is not a token in either.
   */
  static boolean springTakes(String contentType) {
    try {
      return org.springframework.http.MediaType.APPLICATION_JSON.includes(
          org.springframework.http.MediaType.parseMediaType(
              new String(
                  contentType.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)));
    } catch (org.springframework.http.InvalidMediaTypeException e) {
      return false;
    }
  }

  /**
   * Whether a body would be a valid availability request (one JSON object, status and source from
   * the enums): a status that some source allows, since a null source is not told apart here.
   */
  static boolean validRequestBody(byte[] body) {
    try {
      JsonNode json = JSON.readTree(new String(body, StandardCharsets.UTF_8));
      if (json == null || !json.isObject() || !json.path("status").isTextual()) {
        return false;
      }
      boolean status =
          AvailabilityRules.allowedStatuses(Source.USER).contains(json.path("status").asText());
      JsonNode source = json.get("source");
      boolean sourceOk =
          source == null
              || source.isNull()
              || (source.isTextual() && Set.of("user", "idle").contains(source.asText()));
      return status && sourceOk;
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  private static Attack put(String good, String name, String body, Answer both) {
    return new Attack(
        name,
        request(
            "PUT",
            PUT_PATH,
            List.of("Authorization: " + good, "Content-Type: application/json"),
            body.getBytes(StandardCharsets.UTF_8)),
        both);
  }

  static byte[] request(String method, String path, List<String> headers, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder head =
        new StringBuilder(
            method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    headers.forEach(h -> head.append(h).append("\r\n"));
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    if (body != null) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  private static byte[] rawRequest(String raw) {
    return raw.getBytes(StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…(" + s.length() + ")" : s;
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
