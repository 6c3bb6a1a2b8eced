// The package as a frontend project's test runner uses it: installed from its tarball (npm install,
// as a dev dependency), the mock started, steered and stopped through startMock's API; npx
// availability-mock; the fallback to a system Java and the message when there is none.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { startMock } from "availability-mock";

const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve("availability-mock/package.json"));
const bundledJava = path.join(packageDir, "dist", "runtime", "bin", "java");
const DEMO = { Authorization: "Basic " + Buffer.from("ak_demo:as_demo").toString("base64") };
const linuxX64 = process.platform === "linux" && process.arch === "x64";
let mock, logDir;

before(async () => {
  logDir = await mkdtemp(path.join(tmpdir(), "availability-mock-npm-"));
  // The JVM's class-loading log, to see where the mock's classes come from.
  mock = await startMock({ port: 0, env: { JAVA_TOOL_OPTIONS: "-Xlog:class+load=info:file=" + logDir + "/classes.log" } });
});

after(async () => {
  await mock?.stop();
  await rm(logDir, { recursive: true, force: true });
});

const me = async (m) => (await (await fetch(m.url + "/api/v1/agents/me", { headers: DEMO })).json()).data;

test("startMock listens on a free port at mock.url and behaves as the mock: the demo agent, the 401 envelope", async () => {
  assert.match(mock.url, /^http:\/\/localhost:\d+$/);
  assert.notEqual(mock.port, 0);
  assert.equal((await me(mock)).availability_status, "online");
  const refused = await fetch(mock.url + "/api/v1/agents/me", { headers: { Authorization: "token ak_demo:wrong" } });
  assert.equal(refused.status, 401);
  assert.equal((await refused.json()).error_type, "UnauthorizedException");
});

test("setStatus sets the stored status, agent reads it, reset puts the agent back", async () => {
  await mock.setStatus("ak_demo", "away_manual");
  assert.equal((await me(mock)).availability_status, "away_manual");
  assert.equal((await mock.agent("ak_demo")).availability_status, "away_manual");
  await mock.setStatus("ak_demo", "on_a_break", { unlisted: true });
  assert.equal((await me(mock)).availability_status, "on_a_break");
  await mock.reset();
  assert.equal((await me(mock)).availability_status, "online");
});

test("requests() is the journal: the last PUT with its body, first", async () => {
  await mock.reset();
  const put = await fetch(mock.url + "/api/v1/agents/me/availability", {
    method: "PUT",
    headers: { ...DEMO, "Content-Type": "application/json" },
    body: JSON.stringify({ status: "busy" }),
  });
  assert.equal(put.status, 200);
  const journal = await mock.requests();
  const last = journal.find((r) => r.request.url === "/api/v1/agents/me/availability");
  assert.equal(last.request.method, "PUT");
  assert.deepEqual(JSON.parse(last.request.body), { status: "busy" });
});

test("on linux-x64 it runs on the bundled runtime, with the mock's classes from its class archive", { skip: !linuxX64 && "the bundled runtime is linux-x64's" }, async () => {
  assert.equal(mock.process.spawnfile, bundledJava);
  const log = await readFile(path.join(logDir, "classes.log"), "utf8");
  const line = log.split("\n").find((l) => l.includes("org.availkit.mock.AvailabilityMock source: "));
  assert.match(line, /source: shared objects file/);
});

test("stop() ends the process and the port is closed", async () => {
  const other = await startMock();
  await other.stop();
  assert.ok(other.process.exitCode !== null || other.process.signalCode !== null);
  await assert.rejects(fetch(other.url + "/api/v1/agents/me", { headers: DEMO }));
});

test("with AVAILABILITY_MOCK_RUNTIME=system it runs on JAVA_HOME's or the PATH's Java 17+", async () => {
  const system = await startMock({ env: { AVAILABILITY_MOCK_RUNTIME: "system" } });
  try {
    assert.notEqual(system.process.spawnfile, bundledJava);
    assert.deepEqual(system.process.spawnargs.slice(1, 3), ["-jar", path.join(packageDir, "dist", "lib", "availability-mock.jar")]);
    assert.equal((await me(system)).availability_status, "online");
  } finally {
    await system.stop();
  }
});

test("with no bundled runtime and no Java, npx availability-mock says what to install", async () => {
  // A PATH with nothing on it, no JAVA_HOME: node itself is given by its path.
  const empty = await mkdtemp(path.join(tmpdir(), "no-java-"));
  try {
    const result = spawnSync(process.execPath, [path.join(packageDir, "bin", "availability-mock.js"), "--port", "0"], {
      env: { PATH: empty, AVAILABILITY_MOCK_RUNTIME: "system" },
      encoding: "utf8",
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /availability-mock needs Java 17 or newer, and found none: java on the PATH is not there/);
    assert.match(result.stderr, /Install a Java 17\+ runtime .*then set JAVA_HOME to it or put its bin\/ on the PATH/);
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
});

test("npx availability-mock --port 0 starts the mock in the foreground; SIGTERM stops it", async () => {
  // A process group of its own, signalled as a terminal's Ctrl-C signals its foreground group: npx,
  // the package's bin and the JVM all get it.
  const child = spawn("npx", ["--no-install", "availability-mock", "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  const port = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const found = /Availability mock on http:\/\/localhost:(\d+)/.exec(out);
      if (found) resolve(Number(found[1]));
    });
    child.once("exit", (code) => reject(new Error("npx exited " + code + ": " + out)));
  });
  const answer = await fetch("http://127.0.0.1:" + port + "/api/v1/agents/me", { headers: DEMO });
  assert.equal(answer.status, 200);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  process.kill(-child.pid, "SIGTERM");
  const { code, signal } = await exited;
  // Nothing of the group is left: the mock's port closes (its JVM may end after npx).
  let open = true;
  for (let i = 0; i < 300 && open; i++) {
    open = await fetch("http://127.0.0.1:" + port + "/api/v1/agents/me", { headers: DEMO }).then(() => true, () => false);
    if (open) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(open, false, "the mock still answers on " + port);
  assert.ok(code === 0 || signal === "SIGTERM" || code === 143, "npx ended with " + code + " " + signal);
});
