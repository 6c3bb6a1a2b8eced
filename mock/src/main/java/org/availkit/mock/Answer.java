package org.availkit.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.availkit.contract.ErrorCatalogue;
import org.availkit.contract.ErrorCatalogue.Failure;

/**
 * An answer of the mock: status, headers, JSON body. The error answers are {@link
 * ErrorCatalogue}'s, as the server's are, envelope, messages and headers alike.
 */
record Answer(int status, Map<String, String> headers, JsonNode body) {

  static final ObjectMapper JSON = new ObjectMapper();

  Answer {
    headers = Map.copyOf(headers);
  }

  static Answer success(ObjectNode agent) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("status", "success");
    body.set("data", agent);
    return new Answer(200, Map.of("Cache-Control", "no-store"), body);
  }

  /** The catalogue's {@code failure} as the envelope, with its headers. */
  static Answer error(Failure failure) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("status", "error");
    body.put("message", failure.message());
    body.put("error_type", failure.type().wire());
    if (failure.field() == null) {
      body.putNull("data");
    } else {
      ObjectNode data = body.putObject("data");
      data.put("field", failure.field());
      ArrayNode values = data.putArray("allowed_values");
      failure.allowedValues().forEach(values::add);
    }
    return new Answer(failure.status(), failure.headers(), body);
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
}
