#!/usr/bin/env node
"use strict";
// npx availability-mock [--port 4010] [the mock's other flags] (--help for all): the mock in the
// foreground, as the archive's bin/availability-mock or mock/run start it.
const { spawn } = require("node:child_process");
const { resolveLaunch } = require("../lib/launch.js");

let launch;
try {
  launch = resolveLaunch();
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
// The bundled runtime runs in the package's directory (lib/launch.js): a relative --spec FILE is
// still the caller's, resolved by the mock against AVAILABILITY_MOCK_CALLER_DIR.
const child = spawn(launch.command, [...launch.args, ...process.argv.slice(2)], {
  cwd: launch.cwd,
  env: { ...process.env, AVAILABILITY_MOCK_CALLER_DIR: process.cwd() },
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("error", (e) => {
  console.error("availability-mock: " + launch.command + " did not start: " + e.message);
  process.exit(1);
});
child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" || signal === "SIGTERM" ? 0 : 1)));
