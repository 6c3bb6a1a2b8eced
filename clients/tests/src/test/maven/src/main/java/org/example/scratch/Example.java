package org.example.scratch;

import java.util.Base64;
import org.availkit.client.ApiClient;
import org.availkit.client.ApiException;
import org.availkit.client.api.AgentsApi;
import org.availkit.client.model.AgentResponse;
import org.availkit.client.model.AvailabilityRequest;
import org.availkit.client.model.RequestedStatus;

/** The README's Java example: set the agent away, then read the status back. */
public final class Example {

  public static void main(String[] args) throws ApiException {
    String key = System.getenv("AVAILKIT_KEY"); // the API key
    String secret = System.getenv("AVAILKIT_SECRET"); // the API secret
    String basic = Base64.getEncoder().encodeToString((key + ":" + secret).getBytes());

    ApiClient client = new ApiClient();
    client.updateBaseUri(
        System.getenv().getOrDefault("AVAILKIT_BASE_URL", "http://localhost:8080"));
    // The native library has no authentication settings: the header is set on every request.
    client.setRequestInterceptor(request -> request.header("Authorization", "Basic " + basic));
    AgentsApi api = new AgentsApi(client);

    AgentResponse answer =
        api.updateAgentAvailability(new AvailabilityRequest().status(RequestedStatus.AWAY));
    System.out.println(answer.getData().getAvailabilityStatus()); // away_manual
    AgentResponse me = api.getCurrentAgent();
    System.out.println(me.getData().getEmail() + " " + me.getData().getAvailabilityStatus());
  }
}
