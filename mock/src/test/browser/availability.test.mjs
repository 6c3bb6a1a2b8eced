// Browser test: a page served from one origin sets and reads availability through the mock and
// through the server on another origin, in headless Chromium (Debian's package, driven by
// playwright-core); a page on an origin the server does not list is blocked; the server's Swagger UI page
// renders under its Content-Security-Policy.
// Run after the build: `npm ci && npm test` in this folder (CHROMIUM may name another binary).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../../..");
const mockJar = path.join(root, "mock/target/availability-mock.jar");
const serverJar = path.join(root, "server/target/availability-server.jar");
let mock, server, serverDir, pageServer, otherPageServer, browser;

/** Starts a jar and resolves once its output has matched every pattern, with the first group of each. */
function startJar(args, patterns, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn("java", args, { cwd, stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const found = patterns.map((p) => output.match(p));
      if (found.every(Boolean)) resolve({ child, values: found.map((m) => m[1]) });
    });
    child.on("exit", (code) => reject(new Error(args.join(" ") + " exited with " + code + ": " + output)));
  });
}

function startPageServer() {
  return new Promise((resolve) => {
    const page = createServer(async (req, res) => {
      const html = await readFile(path.join(here, "page", "index.html"));
      res.writeHead(200, { "Content-Type": "text/html" }).end(html);
    });
    page.listen(0, "127.0.0.1", () => resolve(page));
  });
}

const origin = (page) => `http://127.0.0.1:${page.address().port}`;
const pageUrl = (page, api, key, secret) =>
  `${origin(page)}/?api=${encodeURIComponent(api)}` + (key ? `&key=${key}&secret=${secret}` : "");

before(async () => {
  pageServer = await startPageServer();
  otherPageServer = await startPageServer();
  // 127.0.0.1 for the pages, localhost for the APIs: two origins, so every call is cross-origin.
  const started = await startJar(["-jar", mockJar, "--port", "0"], [/Availability mock on (http:\/\/localhost:\d+)/]);
  mock = { child: started.child, url: started.values[0] };
  // The server on a fresh embedded database, listing only the first page's origin. Its first start
  // writes the admin's credentials to a file (0600) and names it in the log.
  serverDir = await mkdtemp(path.join(tmpdir(), "availability-browser-"));
  const s = await startJar(["-jar", serverJar, "--server.port=0", "--management.server.port=0",
    "--availkit.cors.allowed-origins=" + origin(pageServer)],
    [/Tomcat started on port (\d+) \(http\) with context path '\/'/, /its API credentials are in (\S+) /], serverDir);
  const credentials = await readFile(s.values[1], "utf8");
  server = { child: s.child, url: `http://localhost:${s.values[0]}`,
    key: credentials.match(/^api_key:\s+(\S+)/m)[1], secret: credentials.match(/^api_secret:\s+(\S+)/m)[1] };
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  pageServer?.close();
  otherPageServer?.close();
  mock?.child.kill();
  server?.child.kill();
  if (serverDir) await rm(serverDir, { recursive: true, force: true });
});

async function setsAwayAndBack(url) {
  const page = await browser.newPage();
  const failed = [];
  page.on("requestfailed", (request) => failed.push(request.url()));
  await page.goto(url);
  await page.locator("#status").filter({ hasText: /^(online|offline)$/ }).waitFor();

  await page.click("#away");
  await page.locator("#status").filter({ hasText: "away_manual" }).waitFor();

  await page.click("#available");
  await page.locator("#status").filter({ hasText: /^online$/ }).waitFor();
  assert.deepEqual(failed, []);
}

async function showsTheWrongSecretsMessage(url) {
  const page = await browser.newPage();
  await page.goto(url);
  await page.click("#wrong-secret");
  await page.locator("#error").filter({ hasText: "401 Invalid API credentials." }).waitFor();
  assert.equal(await page.textContent("#error"), "401 Invalid API credentials.");
}

test("a page on another origin reads the agent, sets away and back through the mock", async () => {
  await setsAwayAndBack(pageUrl(pageServer, mock.url));
});

test("an error answer from the mock reaches the page with its message (CORS on 4xx too)", async () => {
  await showsTheWrongSecretsMessage(pageUrl(pageServer, mock.url));
});

test("a page on an allowed origin reads the agent, sets away and back through the server", async () => {
  await setsAwayAndBack(pageUrl(pageServer, server.url, server.key, server.secret));
});

test("an error answer from the server reaches a page on an allowed origin with its message", async () => {
  await showsTheWrongSecretsMessage(pageUrl(pageServer, server.url, server.key, server.secret));
});

test("a page on an origin the server does not list is blocked, and changes nothing", async () => {
  const page = await browser.newPage();
  await page.goto(pageUrl(otherPageServer, server.url, server.key, server.secret));
  await page.locator("#error").filter({ hasText: "blocked" }).waitFor();
  await page.click("#away");
  await page.locator("#error").filter({ hasText: "blocked: TypeError" }).waitFor();
  assert.equal(await page.textContent("#status"), "unknown");
  // The server's own answer, outside the browser: the agent was not set away.
  const auth = "Basic " + Buffer.from(server.key + ":" + server.secret).toString("base64");
  const agent = await (await fetch(server.url + "/api/v1/agents/me", { headers: { Authorization: auth } })).json();
  assert.notEqual(agent.data.availability_status, "away_manual");
});

test("the server's Swagger UI page renders the spec under its Content-Security-Policy, with nothing refused", async () => {
  const page = await browser.newPage();
  const refused = [];
  // Every error the page logs (a CSP refusal is one: "Refused to ..."), but the favicon's 404:
  // the server has none, and the browser asks for it on its own.
  page.on("console", (message) => {
    if (message.type() === "error" && !message.location().url.endsWith("/favicon.ico")) refused.push(message.text());
  });
  page.on("pageerror", (error) => refused.push(String(error)));
  page.on("response", (response) => {
    if (response.status() >= 400 && !response.url().endsWith("/favicon.ico")) refused.push(response.status() + " " + response.url());
  });
  const answer = await page.goto(server.url + "/swagger-ui/index.html");
  assert.match(answer.headers()["content-security-policy"], /script-src 'self'/);
  await page.locator(".swagger-ui .info .title").filter({ hasText: "Agent availability API" }).waitFor();
  await page.locator(".opblock-summary-path").first().waitFor();
  assert.deepEqual(refused, []);
});
