package org.availkit.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.github.tomakehurst.wiremock.admin.Router;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.AdminApiExtension;
import com.github.tomakehurst.wiremock.extension.requestfilter.AdminRequestFilterV2;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.security.Authenticator;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.contract.ErrorCatalogue;

/** The mock's additions to WireMock's admin API ({@code /__admin}). */
final class AdminExtensions {

  private AdminExtensions() {}

  /**
   * {@code POST /__admin/reset} also puts every agent back to the spec's example. WireMock runs
   * admin request filters before it checks its admin authenticator (AbstractRequestHandler.handle,
   * then AdminRequestHandler.handleRequest), so the filter checks it itself: an unauthenticated
   * reset resets nothing (AdminGuard refuses it even earlier).
   */
  static final class ResetAgents implements AdminRequestFilterV2 {
    private final AgentStore agents;
    private final Authenticator authenticator;

    ResetAgents(AgentStore agents, Authenticator authenticator) {
      this.agents = agents;
      this.authenticator = authenticator;
    }

    @Override
    public String getName() {
      return "reset-agents";
    }

    @Override
    public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
      if (request.getMethod().equals(RequestMethod.POST)
          && request.getUrl().replaceFirst("\\?.*", "").endsWith("/reset")
          && authenticator.authenticate(request)) {
        agents.reset();
      }
      return RequestFilterAction.continueWith(request);
    }
  }

  /**
   * {@code PUT /__admin/agents/{apiKey}/availability} with {@code
   * {"availability_status":"away_manual"}} sets that agent's stored status as it is, so a frontend
   * can test the screen for it; with {@code "unlisted": true} too, any lower-case word is stored,
   * one this spec does not list, as a later server could send it, so that a client can be shown to
   * survive one (the agent's own next change replaces it, idle detection's does not). {@code GET
   * /__admin/agents/{apiKey}} shows the agent.
   */
  static final class AgentState implements AdminApiExtension {
    /** The shape of a status a later server might send: the spec's own values are of it. */
    private static final Pattern UNLISTED = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final AgentStore agents;

    AgentState(AgentStore agents) {
      this.agents = agents;
    }

    @Override
    public String getName() {
      return "agent-state";
    }

    @Override
    public void contributeAdminApiRoutes(Router router) {
      router.add(
          RequestMethod.PUT,
          "/agents/{apiKey}/availability",
          (admin, serveEvent, params) -> {
            JsonNode body = body(serveEvent.getRequest().getBody());
            String status = body.path("availability_status").asText(null);
            if (body.path("unlisted").asBoolean(false)
                && status != null
                && UNLISTED.matcher(status).matches()) {
              return json(Answer.success(agents.setUnlisted(params.get("apiKey"), status)));
            }
            AvailabilityStatus parsed = AgentStore.listed(status);
            if (parsed == null) {
              return json(
                  Answer.error(
                      ErrorCatalogue.invalid(
                          "availability_status",
                          Arrays.stream(AvailabilityStatus.values())
                              .map(AvailabilityStatus::wire)
                              .toList())));
            }
            return json(Answer.success(agents.set(params.get("apiKey"), parsed)));
          });
      router.add(
          RequestMethod.GET,
          "/agents/{apiKey}",
          (admin, serveEvent, params) -> json(Answer.success(agents.get(params.get("apiKey")))));
    }

    private static JsonNode body(byte[] body) {
      try {
        JsonNode json = Answer.JSON.readTree(body);
        return json == null ? MissingNode.getInstance() : json;
      } catch (IOException e) {
        return MissingNode.getInstance();
      }
    }

    private static ResponseDefinition json(Answer answer) {
      return ResponseDefinitionBuilder.responseDefinition()
          .withStatus(answer.status())
          .withHeader("Content-Type", "application/json")
          .withBody(answer.bodyBytes())
          .build();
    }
  }
}
