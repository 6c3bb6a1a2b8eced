// Browser test of the mock's admin API (/__admin): a page of another site in the developer's
// browser, as a tab next to the frontend under development, tries to reset the mock, shut it down,
// read its journal (every request's Authorization header), set an agent's status and add a stub:
// with fetch (CORS), with no-cors fetches and with form posts, and through DNS rebinding (its own
// name pointed at 127.0.0.1). Every attempt fails, and afterwards, from Node, the mock is up and
// its state is as it was. Headless Chromium (Debian's package, driven by playwright-core).
// Run after the build: `npm ci && npm test` in this folder, or `node --test admin.test.mjs`
// (needs only the mock's jar; CHROMIUM may name another binary).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../../..");
const mockJar = path.join(root, "mock/target/availability-mock.jar");
// The attacker's name, which the browser resolves to 127.0.0.1 (DNS rebinding, without a DNS server).
const ATTACKER = "attacker.test";
const DEMO = "Basic " + Buffer.from("ak_demo:as_demo").toString("base64");
let mock, pageServer, browser;

/** Starts the mock jar on a free port and resolves with its URL once its banner is out. */
function startMock() {
  return new Promise((resolve, reject) => {
    const child = spawn("java", ["-jar", mockJar, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const m = output.match(/Availability mock on (http:\/\/localhost:(\d+))/);
      if (m) resolve({ child, url: m[1], port: Number(m[2]) });
    });
    child.on("exit", (code) => reject(new Error("the mock exited with " + code + ": " + output)));
  });
}

// Another site's page: nothing on it but a frame for form posts to land in.
const EVIL_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Another site</title></head>
<body><p>Cute cats.</p><iframe name="sink"></iframe></body></html>`;

function startPageServer() {
  return new Promise((resolve) => {
    const server = createServer((req, res) => res.writeHead(200, { "Content-Type": "text/html" }).end(EVIL_PAGE));
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

before(async () => {
  pageServer = await startPageServer();
  mock = await startMock();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", `--host-resolver-rules=MAP ${ATTACKER} 127.0.0.1`],
  });
});

after(async () => {
  await browser?.close();
  pageServer?.close();
  mock?.child.kill();
});

// --- from Node: the mock's state, through its admin API (no Origin: a program on this machine)

async function admin(method, p, body) {
  return fetch(mock.url + p, {
    method,
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
}

async function agentStatus() {
  const answer = await admin("GET", "/__admin/agents/ak_demo");
  assert.equal(answer.status, 200, "the mock is up and answers its admin API");
  return (await answer.json()).data.availability_status;
}

/** A known state that a reset or a status change would undo: the demo agent away_manual, no stubs, a request with credentials in the journal. */
async function knownState() {
  assert.equal((await admin("POST", "/__admin/reset")).status, 200);
  assert.equal((await admin("PUT", "/__admin/agents/ak_demo/availability", { availability_status: "away_manual" })).status, 200);
  assert.equal((await fetch(mock.url + "/api/v1/agents/me", { headers: { Authorization: DEMO } })).status, 200);
  assert.equal(await agentStatus(), "away_manual");
}

async function unchanged() {
  assert.equal(await agentStatus(), "away_manual", "not reset, not set");
  const mappings = await (await admin("GET", "/__admin/mappings")).json();
  assert.equal(mappings.mappings.length, 0, "no stub added");
  const journal = await (await admin("GET", "/__admin/requests")).json();
  assert.ok(journal.requests.length > 0, "the journal is still there");
}

async function evilPage() {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${pageServer.address().port}/`);
  return page;
}

// --- the page's attempts, in the page

/** Runs fetches in the page; each comes back as what the page could see of it. */
function fetchesInPage(page, base, calls) {
  return page.evaluate(async ({ base, calls }) => {
    const results = [];
    for (const [method, p, init] of calls) {
      try {
        const r = await fetch(base + p, { method, ...init });
        results.push({ call: method + " " + p, type: r.type, status: r.status, body: await r.text() });
      } catch (e) {
        results.push({ call: method + " " + p, error: String(e) });
      }
    }
    return results;
  }, { base, calls });
}

const STUB = JSON.stringify({ request: { url: "/evil" }, response: { status: 200, body: "pwned" } });

test("the control: a page of another origin does reach the mock's API (CORS), with its credentials", async () => {
  const page = await evilPage();
  const [answer] = await fetchesInPage(page, mock.url, [["GET", "/api/v1/agents/me", { headers: { Authorization: DEMO } }]]);
  assert.equal(answer.status, 200, JSON.stringify(answer));
  await page.close();
});

test("fetch from another origin's page: reset, shutdown, the journal, a status, a stub all fail and change nothing", async () => {
  await knownState();
  const page = await evilPage();
  const results = await fetchesInPage(page, mock.url, [
    // Simple requests (no preflight: the browser sends them, and only hides the answer without CORS headers).
    ["POST", "/__admin/reset", {}],
    ["GET", "/__admin/requests", {}],
    ["POST", "/__admin/mappings", { body: STUB, headers: { "Content-Type": "text/plain" } }],
    // Preflighted.
    ["PUT", "/__admin/agents/ak_demo/availability",
      { body: JSON.stringify({ availability_status: "offline" }), headers: { "Content-Type": "application/json" } }],
    ["POST", "/__admin/mappings", { body: STUB, headers: { "Content-Type": "application/json" } }],
    ["POST", "/__admin/shutdown", {}],
  ]);
  for (const r of results) {
    assert.ok(r.error, `${r.call} must fail in the page, got ${JSON.stringify(r)}`);
    assert.match(r.error, /TypeError/);
  }
  await page.close();
  await unchanged();
});

/**
 * Resolves once the browser has had the answer to a request for {@code url} (or given up on it),
 * whatever the frame then shows: a frame's navigation to a refused answer may end on Chromium's
 * error page, whose URL is not the form's, so its "framenavigated" is no sign.
 */
function requestSettled(page, url) {
  return new Promise((resolve, reject) => {
    const done = (request) => {
      if (!request.url().startsWith(url)) return;
      page.off("requestfinished", done);
      page.off("requestfailed", done);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => reject(new Error("no answer in 30 s to the form post to " + url)), 30_000);
    page.on("requestfinished", done);
    page.on("requestfailed", done);
  });
}

test("no-cors fetches and form posts from another origin's page change nothing", async () => {
  await knownState();
  const page = await evilPage();
  const results = await fetchesInPage(page, mock.url, [
    ["POST", "/__admin/reset", { mode: "no-cors" }],
    ["GET", "/__admin/requests", { mode: "no-cors" }],
    ["POST", "/__admin/mappings", { mode: "no-cors", body: STUB, headers: { "Content-Type": "text/plain" } }],
    ["POST", "/__admin/shutdown", { mode: "no-cors" }],
  ]);
  for (const r of results) {
    // Opaque: sent, but the page sees no status and no body; or refused outright.
    assert.ok(r.error || (r.type === "opaque" && r.status === 0 && r.body === ""),
      `${r.call} must be opaque or fail, got ${JSON.stringify(r)}`);
  }
  // Forms need no fetch at all: a top-level or framed POST, as any site can make.
  for (const action of ["/__admin/reset", "/__admin/mappings", "/__admin/shutdown"]) {
    const landed = requestSettled(page, mock.url + action);
    await page.evaluate(({ url, stub }) => {
      const form = document.createElement("form");
      form.method = "POST";
      form.action = url;
      form.target = "sink";
      form.enctype = "text/plain";
      // text/plain sends name=value: the = lands inside the stub's body string, and the rest is JSON.
      const field = document.createElement("input");
      field.name = stub.slice(0, -3);
      field.value = stub.slice(-3);
      form.appendChild(field);
      document.body.appendChild(form);
      form.submit();
    }, { url: mock.url + action, stub: STUB });
    await landed;
  }
  await page.close();
  await unchanged();
});

test("DNS rebinding: a page whose own name now points at 127.0.0.1, same-origin to the browser, is refused", async () => {
  await knownState();
  const page = await browser.newPage();
  // A document of the attacker's origin, its name on the mock's port, after the rebinding: its name
  // resolves to 127.0.0.1, so the document itself comes from the mock (a 404; what matters is its
  // origin). Loaded from 127.0.0.1, not from a public address as in a real attack, so that
  // Chromium's Local Network Access checks (public pages asking for private addresses), which
  // other browsers do not have, stay out of the way: the mock's own refusal is what is tested.
  const origin = `http://${ATTACKER}:${mock.port}`;
  await page.goto(origin + "/");
  assert.equal(await page.evaluate(() => location.origin), origin);
  const results = await fetchesInPage(page, origin, [
    ["POST", "/__admin/reset", {}],
    ["GET", "/__admin/requests", {}],
    ["PUT", "/__admin/agents/ak_demo/availability",
      { body: JSON.stringify({ availability_status: "offline" }), headers: { "Content-Type": "application/json" } }],
    ["POST", "/__admin/mappings", { body: STUB, headers: { "Content-Type": "application/json" } }],
    ["POST", "/__admin/shutdown", {}],
  ]);
  for (const r of results) {
    // Same origin to the browser, so the page reads the answer: the mock's refusal.
    assert.equal(r.status, 403, `${r.call}: ${JSON.stringify(r)}`);
    const body = JSON.parse(r.body);
    assert.equal(body.error_type, "PermissionException");
    assert.match(body.message, /addressed to this machine/);
    assert.doesNotMatch(r.body, /Basic /);
  }
  await page.close();
  await unchanged();
});
