// The availability-client package, installed from its tarball, against the target the
// environment names (AVAILKIT_BASE_URL, AVAILKIT_KEY, AVAILKIT_SECRET; AVAILKIT_MOCK_ADMIN on the
// mock). TypeScriptClientIT runs it once against the mock and once against the server.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import {
  AgentsApi,
  AvailabilityStatus,
  ChangeSource,
  Configuration,
  RequestedStatus,
  ResponseError,
  instanceOfAvailabilityStatus,
} from "availability-client";

const basePath = process.env.AVAILKIT_BASE_URL!;
const key = process.env.AVAILKIT_KEY!;
const secret = process.env.AVAILKIT_SECRET!;
const mockAdmin = process.env.AVAILKIT_MOCK_ADMIN ?? "";

const basic = (password = secret) => new AgentsApi(new Configuration({ basePath, username: key, password }));
// The token form: the generator's apiKey is the header's whole value, scheme included.
const token = () => new AgentsApi(new Configuration({ basePath, apiKey: `token ${key}:${secret}` }));

async function set(status: RequestedStatus, source?: ChangeSource): Promise<AvailabilityStatus> {
  const answer = await basic().updateAgentAvailability({ availabilityRequest: { status, source } });
  assert.equal(answer.status, "success");
  return answer.data.availabilityStatus;
}

async function failure(call: () => Promise<unknown>): Promise<{ status: number; envelope: any }> {
  try {
    await call();
  } catch (e) {
    if (!(e instanceof ResponseError)) {
      throw new assert.AssertionError({ message: `a ResponseError, not ${e}` });
    }
    return { status: e.response.status, envelope: await e.response.json() };
  }
  throw new assert.AssertionError({ message: "the call did not fail" });
}

test("reads the agent, in both credential forms", async () => {
  for (const api of [basic(), token()]) {
    const agent = await api.getCurrentAgent();
    assert.equal(agent.status, "success");
    assert.ok(instanceOfAvailabilityStatus(agent.data.availabilityStatus));
    assert.ok(agent.data.createdAt instanceof Date);
    assert.equal(agent.data.apiKey, key);
  }
});

test("every request value of the API table, from the agent", async () => {
  const table: Array<[RequestedStatus, AvailabilityStatus]> = [
    [RequestedStatus.Available, AvailabilityStatus.Online],
    [RequestedStatus.Busy, AvailabilityStatus.Busy],
    [RequestedStatus.Away, AvailabilityStatus.AwayManual],
    [RequestedStatus.Offline, AvailabilityStatus.Offline],
    [RequestedStatus.Online, AvailabilityStatus.Online],
    [RequestedStatus.AwayManual, AvailabilityStatus.AwayManual],
    [RequestedStatus.AwayAndReassigning, AvailabilityStatus.AwayAndReassigning],
  ];
  for (const [requested, stored] of table) {
    await set(RequestedStatus.Offline, ChangeSource.User);
    assert.equal(await set(requested, ChangeSource.User), stored, `user ${requested}`);
  }
});

test("every request value of the API table, from idle detection", async () => {
  const table: Array<[RequestedStatus, AvailabilityStatus]> = [
    [RequestedStatus.Available, AvailabilityStatus.Online],
    [RequestedStatus.Away, AvailabilityStatus.Away],
    [RequestedStatus.Offline, AvailabilityStatus.Offline],
    [RequestedStatus.Online, AvailabilityStatus.Online],
  ];
  for (const [requested, stored] of table) {
    await set(RequestedStatus.Offline, ChangeSource.User);
    assert.equal(await set(requested, ChangeSource.Idle), stored, `idle ${requested}`);
  }
});

test("the idle rule: an idle change does not overwrite a manual status", async () => {
  for (const manual of [RequestedStatus.Busy, RequestedStatus.AwayManual, RequestedStatus.AwayAndReassigning]) {
    const kept = await set(manual, ChangeSource.User);
    assert.equal(await set(RequestedStatus.Available, ChangeSource.Idle), kept);
    assert.equal(await set(RequestedStatus.Away, ChangeSource.Idle), kept);
    assert.equal((await basic().getCurrentAgent()).data.availabilityStatus, kept);
  }
});

test("a 400 names the field, the envelope readable from the error", async () => {
  const { status, envelope } = await failure(() =>
    basic().updateAgentAvailability({ availabilityRequest: { status: RequestedStatus.Busy, source: ChangeSource.Idle } }),
  );
  assert.equal(status, 400);
  assert.equal(envelope.status, "error");
  assert.equal(envelope.data.field, "status");
  assert.deepEqual(envelope.data.allowed_values, ["available", "away", "offline", "online"]);
});

test("a wrong secret is a 401, the envelope readable from the error", async () => {
  const { status, envelope } = await failure(() => basic("as_wrong").getCurrentAgent());
  assert.equal(status, 401);
  assert.equal(envelope.error_type, "UnauthorizedException");
});

test("a status this version of the spec does not list reaches the caller, unthrown", { skip: mockAdmin === "" && "the server stores only the statuses this spec lists; the mock's admin API sends another" }, async () => {
  await fetch(`${mockAdmin}/agents/${key}/availability`, {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ availability_status: "in_a_meeting", unlisted: true }),
  }).then((r) => assert.equal(r.status, 200));
  const agent = await basic().getCurrentAgent();
  assert.equal(agent.data.availabilityStatus, AvailabilityStatus.UnknownDefaultOpenApi);
  assert.equal(await set(RequestedStatus.Available), AvailabilityStatus.Online);
});
