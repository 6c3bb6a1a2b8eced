package org.availkit.contract.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.availkit.contract.testing.ApiTestClient.Exchange;

/**
 * The mock's admin API ({@code /__admin}, WireMock's, with the mock's agents beside it), as a
 * frontend's test setup calls it: the one client of it for every module's tests. Tests of who may
 * call it (the Host header, origins) send their raw requests themselves.
 */
public final class MockAdmin {

  private final ApiTestClient http;
  private final Map<String, String> headers = new LinkedHashMap<>();

  /** The admin API of the mock on {@code port}, on this machine, without a token. */
  public MockAdmin(int port) {
    this(port, null);
  }

  /** As {@link #MockAdmin(int)}, with the mock's {@code --admin-token} (null for none). */
  public MockAdmin(int port, String token) {
    this.http = new ApiTestClient(port);
    if (token != null) {
      headers.put("Authorization", "Token " + token);
    }
  }

  /** {@code POST /__admin/reset}: every agent back to the spec's example, the journal emptied. */
  public Exchange reset() {
    return expectOk(http.raw("POST", "/__admin/reset", headers, null));
  }

  /** Sets an agent's stored status directly (for a screen of a status a request cannot reach). */
  public void setStatus(String apiKey, String availabilityStatus) {
    expectOk(trySetStatus(apiKey, availabilityStatus));
  }

  /** As {@link #setStatus}, the answer as it came: for tests of what the admin API refuses. */
  public Exchange trySetStatus(String apiKey, String availabilityStatus) {
    Map<String, String> json = new LinkedHashMap<>(headers);
    json.put("Content-Type", "application/json");
    return http.raw(
        "PUT",
        "/__admin/agents/" + apiKey + "/availability",
        json,
        "{\"availability_status\":\"" + availabilityStatus + "\"}");
  }

  /**
   * Stores a status this spec does not list ({@code "unlisted": true}), as a later server could
   * send it: for clients to show that they survive one.
   */
  public void setUnlistedStatus(String apiKey, String availabilityStatus) {
    Map<String, String> json = new LinkedHashMap<>(headers);
    json.put("Content-Type", "application/json");
    expectOk(
        http.raw(
            "PUT",
            "/__admin/agents/" + apiKey + "/availability",
            json,
            "{\"availability_status\":\"" + availabilityStatus + "\",\"unlisted\":true}"));
  }

  /** {@code GET /__admin/agents/{api_key}}: the agent as the mock keeps it. */
  public JsonNode agent(String apiKey) {
    return expectOk(http.raw("GET", "/__admin/agents/" + apiKey, headers, null)).json();
  }

  /** {@code GET /__admin/requests}: the journal, WireMock's document. */
  public JsonNode journal() {
    return expectOk(http.raw("GET", "/__admin/requests", headers, null)).json();
  }

  private static Exchange expectOk(Exchange answer) {
    if (answer.status() != 200) {
      throw new AssertionError(
          "the mock's admin API refused: " + answer.status() + " " + answer.body());
    }
    return answer;
  }
}
