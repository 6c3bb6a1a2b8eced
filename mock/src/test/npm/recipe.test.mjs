import { test, before, after, beforeEach } from "node:test"; // or from "vitest"
import assert from "node:assert/strict";
import { startMock } from "availability-mock";

let mock;
before(async () => { mock = await startMock({ port: 0 }); }); // resolves once it listens
after(() => mock.stop());
beforeEach(() => mock.reset()); // every agent back to online, the journal emptied

test("an agent set away by the helpdesk", async () => {
  await mock.setStatus("ak_demo", "away_manual");
  const me = await fetch(`${mock.url}/api/v1/agents/me`, {
    headers: { Authorization: "Basic " + btoa("ak_demo:as_demo") },
  }).then((r) => r.json());
  assert.equal(me.data.availability_status, "away_manual");
  assert.equal((await mock.requests())[0].request.url, "/api/v1/agents/me");
});
