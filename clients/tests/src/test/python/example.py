"""The README's Python example: set the agent away, then read the status back."""
import os

from availability_client import AgentsApi, ApiClient, AvailabilityRequest, Configuration, RequestedStatus

config = Configuration(
    host=os.environ.get("AVAILKIT_BASE_URL", "http://localhost:8080"),
    username=os.environ["AVAILKIT_KEY"],  # the API key
    password=os.environ["AVAILKIT_SECRET"],  # the API secret
)
with ApiClient(config) as client:
    api = AgentsApi(client)
    answer = api.update_agent_availability(AvailabilityRequest(status=RequestedStatus.AWAY))
    print(answer.data.availability_status.value)  # away_manual
    me = api.get_current_agent()
    print(me.data.email, me.data.availability_status.value)
