// The README's TypeScript example: set the agent away, then read the status back.
import { AgentsApi, Configuration } from "availability-client";

const api = new AgentsApi(
  new Configuration({
    basePath: process.env.AVAILKIT_BASE_URL ?? "http://localhost:8080",
    username: process.env.AVAILKIT_KEY, // the API key
    password: process.env.AVAILKIT_SECRET, // the API secret
  }),
);

async function main() {
  const answer = await api.updateAgentAvailability({ availabilityRequest: { status: "away" } });
  console.log(answer.data.availabilityStatus); // away_manual
  const me = await api.getCurrentAgent();
  console.log(me.data.email, me.data.availabilityStatus);
}

main();
