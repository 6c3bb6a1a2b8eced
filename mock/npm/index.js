"use strict";
// The programmatic API, for test runners (Vitest, Jest, Playwright, node:test):
//   const mock = await startMock({ port: 0 }); mock.url; await mock.reset();
//   await mock.setStatus("ak_demo", "away_manual"); await mock.requests(); await mock.stop();
// Types: index.d.ts.
const { spawn } = require("node:child_process");
const { resolveLaunch } = require("./lib/launch.js");

const BANNER = /Availability mock on http:\/\/localhost:(\d+)/;

/** The agent in the API's envelope ({"status":"success","data":...}) as the admin API answers. */
const data = (answer) => (answer && answer.data !== undefined ? answer.data : answer);

class Mock {
  constructor(child, port, adminToken, output) {
    this.process = child;
    this.port = port;
    // As the mock prints it; the admin calls below go to 127.0.0.1, where it listens by default
    // (a localhost that resolves to ::1 first would miss it on a Node without happy eyeballs).
    this.url = "http://localhost:" + port;
    this._admin = "http://127.0.0.1:" + port + "/__admin";
    this._token = adminToken;
    this._output = output;
    this._exited = new Promise((resolve) => child.once("exit", resolve));
    this._onExit = () => child.kill("SIGKILL");
    process.once("exit", this._onExit);
  }

  /** What the mock printed so far, a line an element. */
  output() {
    return this._output.join("").split("\n").filter(Boolean);
  }

  async _call(method, path, body) {
    const headers = {};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (this._token) headers["Authorization"] = "Token " + this._token;
    const response = await fetch(this._admin + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(method + " /__admin" + path + ": " + response.status + " " + text);
    }
    return text ? JSON.parse(text) : undefined;
  }

  /** Puts every agent back as it started (POST /__admin/reset). */
  async reset() {
    await this._call("POST", "/reset");
  }

  /**
   * Sets the stored status of the agent of `apiKey` directly, as a server could hold it; with
   * { unlisted: true } any lower-case word, a status this spec does not list.
   */
  async setStatus(apiKey, status, options = {}) {
    const body = { availability_status: status };
    if (options.unlisted) body.unlisted = true;
    return data(await this._call("PUT", "/agents/" + encodeURIComponent(apiKey) + "/availability", body));
  }

  /** The agent of `apiKey` as the mock holds it (the envelope's data). */
  async agent(apiKey) {
    return data(await this._call("GET", "/agents/" + encodeURIComponent(apiKey)));
  }

  /** The journal, newest first: WireMock's logged requests (GET /__admin/requests, its "requests"). */
  async requests() {
    return (await this._call("GET", "/requests")).requests;
  }

  /** Stops the mock (SIGTERM; SIGKILL after 30 s) and resolves once it has exited. */
  async stop() {
    process.removeListener("exit", this._onExit);
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.process.kill("SIGTERM");
      const timer = setTimeout(() => this.process.kill("SIGKILL"), 30000);
      await this._exited;
      clearTimeout(timer);
    }
  }
}

/**
 * Starts the mock and resolves once it listens. Options: port (0, the default, picks a free one),
 * credentials (["KEY:SECRET", ...]; without them the demo pair ak_demo:as_demo), adminToken, args
 * (the mock's other flags), java (a java to use instead of the bundled runtime), env, timeout
 * (ms to wait for the start, 60000).
 */
async function startMock(options = {}) {
  const { port = 0, credentials = [], adminToken, args = [], java, env, timeout = 60000 } = options;
  // A relative --spec FILE is the caller's, though the bundled runtime runs elsewhere (bin/).
  const environment = { ...process.env, AVAILABILITY_MOCK_CALLER_DIR: process.cwd(), ...env };
  const launch = resolveLaunch({ java, env: environment });
  const argv = [
    ...launch.args,
    "--port", String(port),
    ...credentials.flatMap((pair) => ["--credential", pair]),
    ...(adminToken ? ["--admin-token", adminToken] : []),
    ...args,
  ];
  const child = spawn(launch.command, argv, { cwd: launch.cwd, env: environment, stdio: ["ignore", "pipe", "pipe"] });
  const output = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("the mock did not start within " + timeout + " ms:\n" + output.join("")));
    }, timeout);
    const read = (chunk) => {
      output.push(chunk.toString());
      const found = BANNER.exec(output.join(""));
      if (found && timer) {
        clearTimeout(timer);
        child.stdout.off("data", read);
        // Keep reading, so that a full pipe never stalls the mock.
        child.stdout.on("data", (more) => output.push(more.toString()));
        resolve(new Mock(child, Number(found[1]), adminToken, output));
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", (chunk) => output.push(chunk.toString()));
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(new Error("the mock (" + launch.java + ", " + launch.command + ") did not start: " + e.message));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error("the mock exited (" + code + ") before it listened:\n" + output.join("")));
    });
  });
}

module.exports = { startMock, Mock };
