// The generated TypeScript client (typescript-fetch, compiled with the pinned tsc) against the mock:
// it starts the mock jar of this build, then sets and reads availability through the client.
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { spawn } = require("node:child_process");
const path = require("node:path");

const root = path.resolve(__dirname, "../../../../..");
const dist = path.join(root, "contract-tests/target/clients/typescript-dist/src");
const { AgentsApi, Configuration, ResponseError, RequestedStatus, ChangeSource } = require(dist);
let mock, basePath;

before(async () => {
  mock = spawn("java", ["-jar", path.join(root, "mock/target/availability-mock.jar"), "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  basePath = await new Promise((resolve, reject) => {
    let out = "";
    mock.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/Availability mock on (http:\/\/localhost:\d+)/);
      if (m) resolve(m[1]);
    });
    mock.on("exit", (code) => reject(new Error("mock exited with " + code)));
  });
});

after(() => mock?.kill());

const api = (password = "as_demo") => new AgentsApi(new Configuration({ basePath, username: "ak_demo", password }));

test("reads the current agent", async () => {
  const agent = await api().getCurrentAgent();
  assert.equal(agent.status, "success");
  assert.equal(agent.data.availabilityStatus, "online");
  assert.ok(agent.data.createdAt instanceof Date);
});

test("sets away, then reads it back, then an idle change leaves it", async () => {
  const away = await api().updateAgentAvailability({ availabilityRequest: { status: "away" } });
  assert.equal(away.data.availabilityStatus, "away_manual");
  const idle = await api().updateAgentAvailability({ availabilityRequest: { status: "available", source: "idle" } });
  assert.equal(idle.data.availabilityStatus, "away_manual");
  assert.equal((await api().getCurrentAgent()).data.availabilityStatus, "away_manual");
});

test("Libredesk's stored values: the switches, idle away and back", async () => {
  const set = async (status, source) =>
    (await api().updateAgentAvailability({ availabilityRequest: { status, source } })).data.availabilityStatus;
  assert.equal(await set(RequestedStatus.Online, ChangeSource.User), "online");
  assert.equal(await set(RequestedStatus.AwayAndReassigning, ChangeSource.User), "away_and_reassigning");
  assert.equal(await set(RequestedStatus.Online, ChangeSource.Idle), "away_and_reassigning");
  assert.equal(await set(RequestedStatus.AwayManual, ChangeSource.User), "away_manual");
  assert.equal(await set("online", "user"), "online");
  assert.equal(await set("away", "idle"), "away");
  assert.equal(await set("online", "idle"), "online");
});

test("idle detection cannot set a manual status: a 400 naming the field", async () => {
  let error;
  try {
    await api().updateAgentAvailability({ availabilityRequest: { status: "away_manual", source: "idle" } });
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof ResponseError, "the client rejects");
  assert.equal(error.response.status, 400);
  const envelope = await error.response.json();
  assert.equal(envelope.data.field, "status");
  assert.deepEqual(envelope.data.allowed_values, ["available", "away", "offline", "online"]);
});

test("a wrong secret surfaces as the 401 envelope", async () => {
  let error;
  try {
    await api("wrong").getCurrentAgent();
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof ResponseError, "the client rejects");
  assert.equal(error.response.status, 401);
  assert.equal((await error.response.json()).error_type, "UnauthorizedException");
});
