package org.availkit.mock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.admin.Router;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.AdminApiExtension;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The contract violations the proxy ({@link Proxy}) has seen, the last {@value #KEPT} of them (the
 * oldest go first, so memory stays flat however long it runs), with the count of all: {@code GET
 * /__admin/violations} lists them, {@code DELETE /__admin/violations} forgets them. The admin API's
 * guard ({@link AdminGuard}) stands in front of both, as of every admin route.
 */
final class Violations implements AdminApiExtension {

  static final int KEPT = 500;

  /**
   * One violation: when, the operation ({@code operationId}), the request, the answer's status,
   * whether the request or the response broke the spec, where in the JSON ({@code $.data.id}, or
   * {@code $} for the whole), what the spec says, and the validator's key for it.
   */
  record Violation(
      Instant at,
      String operation,
      String method,
      String path,
      int status,
      String side,
      String jsonPath,
      String message,
      String key) {

    /** The line the proxy logs. */
    String line() {
      return "CONTRACT VIOLATION "
          + operation
          + " "
          + method
          + " "
          + path
          + " -> "
          + status
          + " "
          + side
          + " "
          + jsonPath
          + ": "
          + message
          + " ("
          + key
          + ")";
    }
  }

  private final Deque<Violation> kept = new ArrayDeque<>();
  private long total;

  synchronized void add(List<Violation> violations) {
    for (Violation v : violations) {
      total++;
      kept.addLast(v);
      if (kept.size() > KEPT) {
        kept.removeFirst();
      }
    }
  }

  synchronized long total() {
    return total;
  }

  synchronized List<Violation> kept() {
    return List.copyOf(kept);
  }

  synchronized void clear() {
    kept.clear();
    total = 0;
  }

  @Override
  public String getName() {
    return "contract-violations";
  }

  @Override
  public void contributeAdminApiRoutes(Router router) {
    router.add(RequestMethod.GET, "/violations", (admin, serveEvent, params) -> json(listed()));
    router.add(
        RequestMethod.DELETE,
        "/violations",
        (admin, serveEvent, params) -> {
          clear();
          return json(listed());
        });
  }

  private ObjectNode listed() {
    ObjectNode answer = Answer.JSON.createObjectNode();
    List<Violation> list;
    synchronized (this) {
      answer.put("total", total);
      list = List.copyOf(kept);
    }
    answer.put("kept", list.size());
    answer.put("limit", KEPT);
    ArrayNode items = answer.putArray("violations");
    for (Violation v : list) {
      items
          .addObject()
          .put("at", v.at().toString())
          .put("operation", v.operation())
          .put("method", v.method())
          .put("path", v.path())
          .put("status", v.status())
          .put("side", v.side())
          .put("json_path", v.jsonPath())
          .put("message", v.message())
          .put("key", v.key());
    }
    return answer;
  }

  private static ResponseDefinition json(ObjectNode body) {
    return ResponseDefinitionBuilder.responseDefinition()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body.toString())
        .build();
  }
}
