// A Playwright test as a frontend project writes one: its page, on an origin of its own, in headless
// Chromium (Debian's package, driven by playwright-core), against a mock started through the
// package's API and steered between the steps.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { chromium } from "playwright-core";
import { startMock } from "availability-mock";

const here = path.dirname(fileURLToPath(import.meta.url));
let mock, pages, browser;

before(async () => {
  mock = await startMock({ port: 0 });
  pages = await new Promise((resolve) => {
    const server = createServer(async (req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" }).end(await readFile(path.join(here, "page", "index.html")));
    });
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  pages?.close();
  await mock?.stop();
});

test("the page shows the status the mock was given, sets one, and the journal has the page's request", async () => {
  const origin = "http://127.0.0.1:" + pages.address().port;
  const page = await browser.newPage();
  await mock.setStatus("ak_demo", "away_manual");
  await page.goto(origin + "/?api=" + encodeURIComponent(mock.url));
  await page.locator("#status").filter({ hasText: "away_manual" }).waitFor();

  await page.click("#available");
  await page.locator("#status").filter({ hasText: "online" }).waitFor();
  const put = (await mock.requests()).find((r) => r.request.method === "PUT");
  assert.deepEqual(JSON.parse(put.request.body), { status: "available" });
  assert.equal(put.request.headers.Origin ?? put.request.headers.origin, origin);

  await mock.setStatus("ak_demo", "busy");
  await page.reload();
  await page.locator("#status").filter({ hasText: "busy" }).waitFor();
  await mock.reset();
  await page.reload();
  await page.locator("#status").filter({ hasText: "online" }).waitFor();
  assert.equal(await page.locator("#error").textContent(), "");
  await page.close();
});
