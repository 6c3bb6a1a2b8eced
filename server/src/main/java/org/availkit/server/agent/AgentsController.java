package org.availkit.server.agent;

import org.availkit.contract.RequestedStatus;
import org.availkit.contract.Source;
import org.availkit.server.api.AgentsApi;
import org.availkit.server.api.model.AgentResponse;
import org.availkit.server.api.model.AvailabilityRequest;
import org.availkit.server.auth.AuthenticatedAgent;
import org.availkit.server.availability.AvailabilityService;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/**
 * The generated {@link AgentsApi}, implemented: mappings, validation and docs come from the spec.
 */
@RestController
class AgentsController implements AgentsApi {

  private final Agents agents;
  private final AvailabilityService availability;
  private final AgentMapper mapper;

  AgentsController(Agents agents, AvailabilityService availability, AgentMapper mapper) {
    this.agents = agents;
    this.availability = availability;
    this.mapper = mapper;
  }

  @Override
  public ResponseEntity<AgentResponse> getCurrentAgent() {
    return ok(agents.details(AuthenticatedAgent.current()));
  }

  @Override
  public ResponseEntity<AgentResponse> updateAgentAvailability(AvailabilityRequest request) {
    RequestedStatus status = RequestedStatus.fromWire(request.getStatus().getValue());
    Source source = Source.fromWire(request.getSource().getValue());
    return ok(availability.update(AuthenticatedAgent.current(), status, source));
  }

  private ResponseEntity<AgentResponse> ok(AgentDetails agent) {
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(mapper.toResponse(agent));
  }
}
