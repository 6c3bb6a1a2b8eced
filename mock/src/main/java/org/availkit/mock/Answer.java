package org.availkit.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An answer of the mock: status, headers, JSON body. The error answers are the server's,
 * envelope, messages and headers alike.
 */
record Answer(int status, Map<String, String> headers, JsonNode body) {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String CHALLENGE = "Basic realm=\"api\", token";

  Answer {
    headers = Map.copyOf(headers);
  }

  static Answer success(ObjectNode agent) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("status", "success");
    body.set("data", agent);
    return new Answer(200, Map.of("Cache-Control", "no-store"), body);
  }

  static Answer error(int status, String type, String message, JsonNode data, Map<String, String> headers) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("status", "error");
    body.put("message", message);
    body.put("error_type", type);
    body.set("data", data == null ? JsonNodeFactory.instance.nullNode() : data);
    return new Answer(status, headers, body);
  }

  static Answer input(String message, String field, List<String> allowed) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("field", field);
    ArrayNode values = data.putArray("allowed_values");
    allowed.forEach(values::add);
    return error(400, "InputException", message, data, Map.of());
  }

  static Answer invalid(String field, List<String> allowed) {
    return input("Invalid " + field + "." + allowedSentence(allowed), field, allowed);
  }

  static Answer missing(String field, List<String> allowed) {
    return input("Missing " + field + "." + allowedSentence(allowed), field, allowed);
  }

  static Answer unauthorized() {
    return error(401, "UnauthorizedException", "Invalid API credentials.", null, Map.of("WWW-Authenticate", CHALLENGE));
  }

  static Answer notFound(String method, String path) {
    return error(404, "NotFoundException", "No endpoint " + method + " " + path + ".", null, Map.of());
  }

  static Answer methodNotAllowed(String method, List<String> allowed) {
    String list = String.join(", ", allowed);
    return error(405, "MethodNotAllowedException",
        "Method " + method + " is not allowed here. Allowed methods are " + list + ".", null, Map.of("Allow", list));
  }

  static Answer payloadTooLarge(long maxBytes) {
    return error(413, "PayloadTooLargeException", "The request body is larger than " + maxBytes + " bytes.", null, Map.of());
  }

  static Answer unsupportedMediaType(String contentType) {
    String what = contentType == null || contentType.isBlank()
        ? "A body without a content type" : "Content type " + contentType;
    return error(415, "UnsupportedMediaTypeException", what + " is not supported. Send application/json.", null, Map.of());
  }

  Answer withHeaders(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putAll(more);
    return new Answer(status, all, body);
  }

  byte[] bodyBytes() {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String allowedSentence(List<String> allowed) {
    return allowed.isEmpty() ? "" : " Allowed values are " + String.join(", ", allowed) + ".";
  }
}
