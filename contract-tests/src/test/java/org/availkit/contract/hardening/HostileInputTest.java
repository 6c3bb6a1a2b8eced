package org.availkit.contract.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.mock.AvailabilityMock;
import org.availkit.mock.MockOptions;
import org.availkit.server.AvailabilityServerApplication;
import org.availkit.server.agent.AgentRepository;
import org.availkit.server.agent.AgentRepository.NewAgent;
import org.availkit.server.auth.ApiSecrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A generated corpus of malformed requests (broken and truncated JSON, wrong types, nulls, huge and
 * deeply nested values, control characters and invalid UTF-8, duplicate keys, media types and
 * charsets, missing bodies, odd methods and encoded paths, broken credentials), sent byte for byte
 * to the server and to the mock. Every answer must be a documented 4xx in the envelope: no 5xx,
 * no dropped connection, no credential accepted that should not be, and no state changed.
 */
@SpringBootTest(
    classes = AvailabilityServerApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:hostile;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
      "availkit.bootstrap-admin=false"
    })
class HostileInputTest {

  static final String KEY = "ak_hostile";
  static final String SECRET = "as_hostile";
  static final String GOOD = "Basic " + b64(KEY + ":" + SECRET);
  static final String PUT_PATH = "/api/v1/agents/me/availability";
  static final Set<Integer> DOCUMENTED = Set.of(400, 401, 403, 404, 405, 413, 415, 429);
  static final ObjectMapper JSON = new ObjectMapper();

  static AvailabilityMock mock;
  @LocalServerPort int port;
  @Autowired AgentRepository agents;

  @BeforeAll
  static void startMock() {
    mock = AvailabilityMock.start(MockOptions.parse("--credential", KEY + ":" + SECRET).withPort(0));
  }

  @AfterAll
  static void stopMock() {
    mock.close();
  }

  record Attack(String name, byte[] request) {}

  @Test
  void theServerAnswersEveryMalformedRequestWithADocumented4xx() throws Exception {
    long id = agents.findKey(KEY).map(AgentRepository.KeyRecord::agentId)
        .orElseGet(() -> agents.create(new NewAgent("hostile@test.example", "Host", "Ile", List.of("agent"),
            List.of(), AvailabilityStatus.BUSY, KEY, ApiSecrets.hash(SECRET)), OffsetDateTime.now()));
    agents.setStatus(id, AvailabilityStatus.BUSY, OffsetDateTime.now());
    survive(port);
  }

  @Test
  void theMockAnswersEveryMalformedRequestWithADocumented4xx() throws Exception {
    RawHttp.send(mock.port(), request("PUT", "/__admin/agents/" + KEY + "/availability", List.of("Content-Type: application/json"),
        "{\"availability_status\":\"busy\"}".getBytes(StandardCharsets.UTF_8)));
    survive(mock.port());
  }

  private void survive(int target) throws Exception {
    JsonNode before = me(target);
    assertThat(before.path("availability_status").asText()).isEqualTo("busy");
    List<Attack> corpus = corpus();
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);
    List<String> problems = new ArrayList<>();
    for (Attack attack : corpus) {
      RawHttp.Reply reply;
      try {
        reply = RawHttp.send(target, attack.request());
      } catch (java.io.IOException e) {
        problems.add(attack.name() + ": connection dropped (" + e.getMessage() + ")");
        continue;
      }
      if (!DOCUMENTED.contains(reply.status())) {
        problems.add(attack.name() + ": " + reply.status() + " " + reply.body());
        continue;
      }
      try {
        JsonNode body = JSON.readTree(reply.body());
        if (!body.path("status").asText().equals("error") || body.path("error_type").asText().isEmpty()
            || !body.has("message") || !body.has("data")) {
          problems.add(attack.name() + ": not the envelope: " + reply.body());
        }
      } catch (java.io.IOException e) {
        problems.add(attack.name() + ": not JSON: " + reply.status() + " " + reply.body());
      }
    }
    assertThat(problems).isEmpty();
    JsonNode after = me(target);
    assertThat(after.path("availability_status").asText()).as("no state changed").isEqualTo("busy");
    assertThat(after.path("updated_at").asText()).isEqualTo(before.path("updated_at").asText());
  }

  private JsonNode me(int target) throws Exception {
    RawHttp.Reply reply = RawHttp.send(target, request("GET", "/api/v1/agents/me", List.of("Authorization: " + GOOD), null));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return JSON.readTree(reply.body()).path("data");
  }

  /** The corpus: deterministic (seeded), so a failure names a request that can be sent again. */
  static List<Attack> corpus() {
    List<Attack> all = new ArrayList<>();
    Random random = new Random(20261124);
    String valid = "{\"status\":\"away\",\"source\":\"user\"}";
    // Truncated JSON: every proper prefix of a valid body.
    for (int i = 0; i < valid.length(); i++) {
      all.add(put("truncated at " + i, valid.substring(0, i)));
    }
    // Broken JSON.
    for (String broken : List.of("{", "}", "{status:away}", "{'status':'away'}", "{\"status\":\"away\",}",
        "{\"status\" \"away\"}", "{\"status\":\"away\"", "[{\"status\":\"away\"}", "{\"status\":\"away\"}}",
        "{\"status\":\"away\"} trailing", "\"status\"", "nul", "tru", "{\"status\":undefined}", "{\"status\":NaN}",
        "{\"status\":\"away\" /* c */}", "\u0000", "{\"status\":\"\\u00\"}", "{\"status\":\"\\x41\"}", "{{}}")) {
      all.add(put("broken " + broken, broken));
    }
    // Wrong types and nulls for each field.
    for (String field : List.of("status", "source")) {
      for (String value : List.of("1", "-1", "0.5", "1e309", "true", "false", "null", "[]", "[\"away\"]", "{}",
          "{\"status\":\"away\"}", "\"\"", "\" away\"", "\"AWAY\"", "\"away \"", "\"available\\u0000\"")) {
        String body = field.equals("status") ? "{\"status\":" + value + "}" : "{\"status\":\"away\",\"source\":" + value + "}";
        all.add(put(field + " = " + value, body));
      }
    }
    // Not one object.
    for (String other : List.of("[]", "42", "\"away\"", "null", "true", "[1,2,3]", "  ", "\n")) {
      all.add(put("body " + other.strip(), other));
    }
    // Huge and deeply nested values.
    all.add(put("20 KB status", "{\"status\":\"" + "a".repeat(20_000) + "\"}"));
    all.add(put("15 KB status", "{\"status\":\"" + "a".repeat(15_000) + "\"}"));
    all.add(put("5000-digit number", "{\"status\":" + "9".repeat(5_000) + "}"));
    all.add(put("2000-deep arrays", "{\"status\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}"));
    all.add(put("1000-deep objects", "{\"status\":" + "{\"a\":".repeat(1_000) + "1" + "}".repeat(1_000) + "}"));
    StringBuilder manyKeys = new StringBuilder("{");
    for (int i = 0; i < 500; i++) {
      manyKeys.append("\"k").append(i).append("\":1,");
    }
    all.add(put("500 keys and a wrong status", manyKeys + "\"status\":1}"));
    // Control characters and invalid UTF-8.
    for (int c = 0; c < 32; c++) {
      all.add(put("control " + c, "{\"status\":\"aw" + (char) c + "ay\"}"));
    }
    for (byte[] bad : List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3}, new byte[] {(byte) 0xe2, (byte) 0x82},
        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80},
        new byte[] {(byte) 0xc0, (byte) 0xaf}, new byte[] {0, 0, 0})) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes("{\"status\":\"".getBytes(StandardCharsets.UTF_8));
      body.writeBytes(bad);
      body.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
      all.add(new Attack("invalid UTF-8 " + java.util.HexFormat.of().formatHex(bad),
          request("PUT", PUT_PATH, List.of("Authorization: " + GOOD, "Content-Type: application/json"), body.toByteArray())));
    }
    // Random byte mutations of valid bodies (flip, insert, delete), keeping only those that no longer
    // make a valid request: a valid one would rightly change the state.
    List<String> bodies = List.of(valid, "{\"status\":\"available\"}", "{\"status\":\"offline\",\"source\":\"idle\"}");
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
            request("PUT", PUT_PATH, List.of("Authorization: " + GOOD, "Content-Type: application/json"), mutated)));
        mutations++;
      }
    }
    // Duplicate keys.
    all.add(put("duplicate status", "{\"status\":\"away\",\"status\":\"busy\"}"));
    all.add(put("duplicate source", "{\"status\":\"away\",\"source\":\"user\",\"source\":\"idle\"}"));
    all.add(put("duplicate same value", "{\"status\":\"away\",\"status\":\"away\"}"));
    // Media types and charsets.
    for (String type : List.of("text/plain", "text/json", "application/xml", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/json-patch+json", "application/merge-patch+json",
        "application/octet-stream", "*/*", "application/*", "json", "application", "", "application/json; charset=bogus",
        "application/json; charset=\"no such\"", "application/jsonx", "image/png")) {
      all.add(new Attack("content type '" + type + "'", request("PUT", PUT_PATH,
          List.of("Authorization: " + GOOD, "Content-Type: " + type), valid.getBytes(StandardCharsets.UTF_8))));
    }
    // Missing bodies.
    all.add(new Attack("no body, no type", request("PUT", PUT_PATH, List.of("Authorization: " + GOOD), null)));
    all.add(new Attack("no body, json type", request("PUT", PUT_PATH,
        List.of("Authorization: " + GOOD, "Content-Type: application/json"), null)));
    all.add(new Attack("length lies short", rawRequest("PUT " + PUT_PATH + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + GOOD
        + "\r\nContent-Type: application/json\r\nContent-Length: 5\r\nConnection: close\r\n\r\n" + valid)));
    // Odd methods on both paths, and odd or encoded paths.
    for (String method : List.of("POST", "PATCH", "DELETE", "TRACE", "PROPFIND", "FOO", "CONNECT")) {
      for (String path : List.of(PUT_PATH, "/api/v1/agents/me")) {
        all.add(new Attack(method + " " + path, request(method, path,
            List.of("Authorization: " + GOOD, "Content-Type: application/json"), valid.getBytes(StandardCharsets.UTF_8))));
      }
    }
    for (String path : List.of("/api/v1/agents/%6de/availability", "/api/v1/agents/me%2Favailability",
        "/api/v1/agents/me/availability%00", "/api/v1/agents/me/../me/availability", "/api/v1/agents//me/availability",
        "/api/v1/agents/me/availability;x=1", "/api/v1/agents/%2e%2e/me/availability", "/api/v1/agents/me/%ZZ",
        "/api/v1/agents/me/availability/", "/API/V1/AGENTS/ME/AVAILABILITY", "/api/v1/agents/%252e%252e/me",
        "/api/v1/agents/me/availability?status=away", "/api/v1/agents/me/availability#frag", "/%", "/api/v1/\u00e9",
        "*", "/api/v1/agents/me/availability\\..\\x")) {
      all.add(new Attack("path " + path, request("PUT", path,
          List.of("Authorization: " + GOOD, "Content-Type: application/json"), "{\"status\":1}".getBytes(StandardCharsets.UTF_8))));
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
        List.of("Authorization: " + GOOD, "Authorization: " + GOOD, "Content-Type: application/json"),
        valid.getBytes(StandardCharsets.UTF_8))));
    all.add(new Attack("no credentials", request("PUT", PUT_PATH, List.of("Content-Type: application/json"),
        valid.getBytes(StandardCharsets.UTF_8))));
    return all;
  }

  /** Whether a body would be a valid availability request (one JSON object, status and source from the enums). */
  static boolean validRequestBody(byte[] body) {
    try {
      JsonNode json = JSON.readTree(new String(body, StandardCharsets.UTF_8));
      if (json == null || !json.isObject() || !json.path("status").isTextual()) {
        return false;
      }
      boolean status = Set.of("available", "busy", "away", "offline").contains(json.path("status").asText());
      JsonNode source = json.get("source");
      boolean sourceOk = source == null || source.isNull() || (source.isTextual() && Set.of("user", "idle").contains(source.asText()));
      return status && sourceOk;
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  private static Attack put(String name, String body) {
    return new Attack(name, request("PUT", PUT_PATH, List.of("Authorization: " + GOOD, "Content-Type: application/json"),
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

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
