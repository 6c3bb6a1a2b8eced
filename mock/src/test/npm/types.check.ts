// Compiled by tsc --strict (npm test), not run: the package's types as a test runner's setup uses them.
import { startMock, type Mock, type LoggedRequest } from "availability-mock";

async function setup(): Promise<void> {
  const mock: Mock = await startMock({ port: 0, credentials: ["ak_a:as_a"], args: ["--latency", "0"] });
  const url: string = mock.url;
  await mock.reset();
  await mock.setStatus("ak_demo", "away_manual");
  await mock.setStatus("ak_demo", "on_a_break", { unlisted: true });
  // @ts-expect-error a status the spec does not list needs { unlisted: true }
  await mock.setStatus("ak_demo", "on_a_break");
  const requests: LoggedRequest[] = await mock.requests();
  const method: string | undefined = requests[0]?.request.method;
  const status: string = (await mock.agent("ak_demo")).availability_status;
  console.log(url, method, status);
  await mock.stop();
}

void setup;
