// Browser test: a page served from one origin sets and reads availability through the mock on
// another origin, in headless Chromium (Debian's package, driven by playwright-core).
// Run after the build: `npm ci && npm test` in this folder (CHROMIUM may name another binary).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const jar = path.resolve(here, "../../../target/availability-mock.jar");
let mock, mockUrl, pageServer, pageUrl, browser;

function startMock() {
  return new Promise((resolve, reject) => {
    const child = spawn("java", ["-jar", jar, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const url = output.match(/Availability mock on (http:\/\/localhost:\d+)/);
      if (url) resolve({ child, url: url[1] });
    });
    child.on("exit", (code) => reject(new Error("mock exited with " + code + ": " + output)));
  });
}

function startPageServer() {
  return new Promise((resolve) => {
    const server = createServer(async (req, res) => {
      const html = await readFile(path.join(here, "page", "index.html"));
      res.writeHead(200, { "Content-Type": "text/html" }).end(html);
    });
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

before(async () => {
  ({ child: mock, url: mockUrl } = await startMock());
  pageServer = await startPageServer();
  // 127.0.0.1 for the page, localhost for the mock: two origins, so every call is cross-origin.
  pageUrl = `http://127.0.0.1:${pageServer.address().port}/?api=${encodeURIComponent(mockUrl)}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  pageServer?.close();
  mock?.kill();
});

test("a page on another origin reads the agent, sets away and back through the mock", async () => {
  const page = await browser.newPage();
  const failed = [];
  page.on("requestfailed", (request) => failed.push(request.url()));
  await page.goto(pageUrl);
  await page.locator("#status").filter({ hasText: "online" }).waitFor();

  await page.click("#away");
  await page.locator("#status").filter({ hasText: "away_manual" }).waitFor();

  await page.click("#available");
  await page.locator("#status").filter({ hasText: /^online$/ }).waitFor();
  assert.deepEqual(failed, []);
});

test("an error answer reaches the page with its message (CORS on 4xx too)", async () => {
  const page = await browser.newPage();
  await page.goto(pageUrl);
  await page.click("#wrong-secret");
  await page.locator("#error").filter({ hasText: "401 Invalid API credentials." }).waitFor();
  assert.equal(await page.textContent("#error"), "401 Invalid API credentials.");
});
