package org.availkit.contract.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.availkit.contract.AvailabilityRules;
import org.availkit.contract.ServerAndMock;
import org.availkit.contract.Source;

/**
 * The hostile corpus: malformed requests of every kind the hardening issue names, generated from
 * a fixed seed so that a failure names a request that can be sent again.
 */
final class HostileCorpus {

  static final String PUT_PATH = "/api/v1/agents/me/availability";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = ServerAndMock.KEY;
  private static final String SECRET = ServerAndMock.SECRET;

  /** A named request, byte for byte. */
  record Attack(String name, byte[] request) {}

  private HostileCorpus() {}

  /** The corpus: deterministic (seeded), so a failure names a request that can be sent again. */
  static List<Attack> generate(String good) {
    List<Attack> all = new ArrayList<>();
    Random random = new Random(20261124);
    String valid = "{\"status\":\"away\",\"source\":\"user\"}";
    // Truncated JSON: every proper prefix of a valid body.
    for (int i = 0; i < valid.length(); i++) {
      all.add(put(good, "truncated at " + i, valid.substring(0, i)));
    }
    // Broken JSON.
    for (String broken : List.of("{", "}", "{status:away}", "{'status':'away'}", "{\"status\":\"away\",}",
        "{\"status\" \"away\"}", "{\"status\":\"away\"", "[{\"status\":\"away\"}", "{\"status\":\"away\"}}",
        "{\"status\":\"away\"} trailing", "\"status\"", "nul", "tru", "{\"status\":undefined}", "{\"status\":NaN}",
        "{\"status\":\"away\" /* c */}", "\u0000", "{\"status\":\"\\u00\"}", "{\"status\":\"\\x41\"}", "{{}}")) {
      all.add(put(good, "broken " + broken, broken));
    }
    // Wrong types and nulls for each field.
    for (String field : List.of("status", "source")) {
      for (String value : List.of("1", "-1", "0.5", "1e309", "true", "false", "null", "[]", "[\"away\"]", "{}",
          "{\"status\":\"away\"}", "\"\"", "\" away\"", "\"AWAY\"", "\"away \"", "\"available\\u0000\"")) {
        String body = field.equals("status") ? "{\"status\":" + value + "}" : "{\"status\":\"away\",\"source\":" + value + "}";
        all.add(put(good, field + " = " + value, body));
      }
    }
    // Not one object.
    for (String other : List.of("[]", "42", "\"away\"", "null", "true", "[1,2,3]", "  ", "\n")) {
      all.add(put(good, "body " + other.strip(), other));
    }
    // Huge and deeply nested values.
    all.add(put(good, "20 KB status", "{\"status\":\"" + "a".repeat(20_000) + "\"}"));
    all.add(put(good, "15 KB status", "{\"status\":\"" + "a".repeat(15_000) + "\"}"));
    all.add(put(good, "5000-digit number", "{\"status\":" + "9".repeat(5_000) + "}"));
    all.add(put(good, "2000-deep arrays", "{\"status\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}"));
    all.add(put(good, "1000-deep objects", "{\"status\":" + "{\"a\":".repeat(1_000) + "1" + "}".repeat(1_000) + "}"));
    StringBuilder manyKeys = new StringBuilder("{");
    for (int i = 0; i < 500; i++) {
      manyKeys.append("\"k").append(i).append("\":1,");
    }
    all.add(put(good, "500 keys and a wrong status", manyKeys + "\"status\":1}"));
    // Control characters and invalid UTF-8.
    for (int c = 0; c < 32; c++) {
      all.add(put(good, "control " + c, "{\"status\":\"aw" + (char) c + "ay\"}"));
    }
    for (byte[] bad : List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3}, new byte[] {(byte) 0xe2, (byte) 0x82},
        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80},
        new byte[] {(byte) 0xc0, (byte) 0xaf}, new byte[] {0, 0, 0})) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes("{\"status\":\"".getBytes(StandardCharsets.UTF_8));
      body.writeBytes(bad);
      body.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
      all.add(new Attack("invalid UTF-8 " + java.util.HexFormat.of().formatHex(bad),
          request("PUT", PUT_PATH, List.of("Authorization: " + good, "Content-Type: application/json"), body.toByteArray())));
    }
    // Random byte mutations of valid bodies (flip, insert, delete), keeping only those that no longer
    // make a valid request: a valid one would rightly change the state.
    List<String> bodies = List.of(valid, "{\"status\":\"available\"}", "{\"status\":\"offline\",\"source\":\"idle\"}",
        "{\"status\":\"away_and_reassigning\",\"source\":\"user\"}", "{\"status\":\"online\",\"source\":\"idle\"}");
    int mutations = 0;
    while (mutations < 100) {
      byte[] body = bodies.get(random.nextInt(bodies.size())).getBytes(StandardCharsets.UTF_8);
      int at = random.nextInt(body.length);
      byte[] mutated = switch (random.nextInt(3)) {
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
        all.add(new Attack("mutation " + mutations + ": " + new String(mutated, StandardCharsets.ISO_8859_1),
            request("PUT", PUT_PATH, List.of("Authorization: " + good, "Content-Type: application/json"), mutated)));
        mutations++;
      }
    }
    // Duplicate keys.
    all.add(put(good, "duplicate status", "{\"status\":\"away\",\"status\":\"busy\"}"));
    all.add(put(good, "duplicate source", "{\"status\":\"away\",\"source\":\"user\",\"source\":\"idle\"}"));
    all.add(put(good, "duplicate same value", "{\"status\":\"away\",\"status\":\"away\"}"));
    // Media types and charsets.
    for (String type : List.of("text/plain", "text/json", "application/xml", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/json-patch+json", "application/merge-patch+json",
        "application/octet-stream", "*/*", "application/*", "json", "application", "", "application/json; charset=bogus",
        "application/json; charset=\"no such\"", "application/jsonx", "image/png")) {
      all.add(new Attack("content type '" + type + "'", request("PUT", PUT_PATH,
          List.of("Authorization: " + good, "Content-Type: " + type), valid.getBytes(StandardCharsets.UTF_8))));
    }
    // Missing bodies.
    all.add(new Attack("no body, no type", request("PUT", PUT_PATH, List.of("Authorization: " + good), null)));
    all.add(new Attack("no body, json type", request("PUT", PUT_PATH,
        List.of("Authorization: " + good, "Content-Type: application/json"), null)));
    all.add(new Attack("length lies short", rawRequest("PUT " + PUT_PATH + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + good
        + "\r\nContent-Type: application/json\r\nContent-Length: 5\r\nConnection: close\r\n\r\n" + valid)));
    // Odd methods on both paths, and odd or encoded paths.
    for (String method : List.of("POST", "PATCH", "DELETE", "TRACE", "PROPFIND", "FOO", "CONNECT")) {
      for (String path : List.of(PUT_PATH, "/api/v1/agents/me")) {
        all.add(new Attack(method + " " + path, request(method, path,
            List.of("Authorization: " + good, "Content-Type: application/json"), valid.getBytes(StandardCharsets.UTF_8))));
      }
    }
    for (String path : List.of("/api/v1/agents/%6de/availability", "/api/v1/agents/me%2Favailability",
        "/api/v1/agents/me/availability%00", "/api/v1/agents/me/../me/availability", "/api/v1/agents//me/availability",
        "/api/v1/agents/me/availability;x=1", "/api/v1/agents/%2e%2e/me/availability", "/api/v1/agents/me/%ZZ",
        "/api/v1/agents/me/availability/", "/API/V1/AGENTS/ME/AVAILABILITY", "/api/v1/agents/%252e%252e/me",
        "/api/v1/agents/me/availability?status=away", "/api/v1/agents/me/availability#frag", "/%", "/api/v1/\u00e9",
        "*", "/api/v1/agents/me/availability\\..\\x")) {
      all.add(new Attack("path " + path, request("PUT", path,
          List.of("Authorization: " + good, "Content-Type: application/json"), "{\"status\":1}".getBytes(StandardCharsets.UTF_8))));
    }
    // Broken credentials, each with a body that would otherwise change the state.
    List<String> badAuth = new ArrayList<>(List.of("Basic " + b64(KEY), "Basic " + b64(KEY + SECRET), "Basic !!!!",
        "Basic " + b64(":" + SECRET), "Basic " + b64(KEY + ":"), "Basic " + b64(":"), "Basic", "Basic ", "token",
        "token " + KEY, "token :" + SECRET, "token " + KEY + ":", "Bearer " + KEY + ":" + SECRET, "Digest " + KEY,
        KEY + ":" + SECRET, "Basic " + b64(KEY + ":" + SECRET + "x"), "Basic " + b64(KEY.toUpperCase() + ":" + SECRET),
        "token " + KEY + ":" + SECRET.toUpperCase(), "Basic " + b64(KEY + " :" + SECRET), "Basic " + "A".repeat(8192),
        "token " + KEY + ":" + "s".repeat(8000), "Basic " + b64(KEY + ":" + SECRET) + "==", "Basic\t" + b64(KEY + ":" + SECRET + "!")));
    for (int i = 0; i < 20; i++) {
      byte[] noise = new byte[1 + random.nextInt(40)];
      random.nextBytes(noise);
      badAuth.add((random.nextBoolean() ? "Basic " : "token ") + Base64.getEncoder().encodeToString(noise));
    }
    for (String auth : badAuth) {
      all.add(new Attack("credentials '" + abbreviate(auth) + "'", request("PUT", PUT_PATH,
          List.of("Authorization: " + auth, "Content-Type: application/json"), valid.getBytes(StandardCharsets.UTF_8))));
    }
    all.add(new Attack("two Authorization headers", request("PUT", PUT_PATH,
        List.of("Authorization: " + good, "Authorization: " + good, "Content-Type: application/json"),
        valid.getBytes(StandardCharsets.UTF_8))));
    all.add(new Attack("no credentials", request("PUT", PUT_PATH, List.of("Content-Type: application/json"),
        valid.getBytes(StandardCharsets.UTF_8))));
    return all;
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
      boolean status = AvailabilityRules.allowedStatuses(Source.USER).contains(json.path("status").asText());
      JsonNode source = json.get("source");
      boolean sourceOk = source == null || source.isNull() || (source.isTextual() && Set.of("user", "idle").contains(source.asText()));
      return status && sourceOk;
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  private static Attack put(String good, String name, String body) {
    return new Attack(name, request("PUT", PUT_PATH, List.of("Authorization: " + good, "Content-Type: application/json"),
        body.getBytes(StandardCharsets.UTF_8)));
  }

  static byte[] request(String method, String path, List<String> headers, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
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
