"use strict";
// How the mock is started: with the runtime this package brings on linux-x64 (dist/, the archive's
// layout: runtime/, lib/availability-mock.jar and the class archive made for both), else with
// Java 17 or newer from JAVA_HOME or the PATH on the same jar; when there is neither, an error that
// says what to install.
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const DIST = path.join(__dirname, "..", "dist");
const JAR = path.join(DIST, "lib", "availability-mock.jar");
const MAIN = "org.availkit.mock.AvailabilityMock";
// The jar's time when its class archive was dumped (dist/build-archive): npm's install writes
// every file at the time of the install, and the JVM takes the class archive only for a jar of the
// time and size it was dumped with.
const JAR_TIME = new Date("1985-10-26T08:15:00Z");
const MINIMUM_JAVA = 17;

/** The bundled runtime's command, or null where this package has none for the platform. */
function bundled() {
  const java = path.join(DIST, "runtime", "bin", "java");
  if (process.platform !== "linux" || process.arch !== "x64" || !fs.existsSync(java)) {
    return null;
  }
  try {
    if (fs.statSync(JAR).mtime.getTime() !== JAR_TIME.getTime()) {
      fs.utimesSync(JAR, JAR_TIME, JAR_TIME);
    }
  } catch {
    // A read-only install: the JVM then ignores the class archive and starts from the jar alone.
  }
  // As the archive's bin/availability-mock: in dist/, with the class path the archive was dumped
  // with, relative (JDK 17 takes it only for that class path, as written).
  return {
    java: "the bundled runtime",
    command: java,
    args: ["-XX:SharedArchiveFile=lib/availability-mock.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
      "-cp", "lib/availability-mock.jar", MAIN],
    cwd: DIST,
  };
}

/** The Java major version of the java at `command`, or null when it does not run. */
function javaVersion(command) {
  const result = spawnSync(command, ["-version"], { encoding: "utf8", timeout: 30000 });
  if (result.error || result.status !== 0) {
    return null;
  }
  // java -version prints on standard error: openjdk version "17.0.15" 2025-04-15 (or "1.8.0_412").
  const found = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr);
  if (!found) {
    return null;
  }
  const major = Number(found[1]);
  return major === 1 ? Number(found[2]) : major;
}

/**
 * What starts the mock: { java, command, args, cwd }, the mock's own arguments to be added after
 * args. `java` names a java to use instead of the bundled runtime; AVAILABILITY_MOCK_RUNTIME=system
 * does the same with JAVA_HOME's or the PATH's. Throws an Error saying what to install when no
 * Java fits.
 */
function resolveLaunch(options = {}) {
  const env = options.env || process.env;
  if (!options.java && env.AVAILABILITY_MOCK_RUNTIME !== "system") {
    const own = bundled();
    if (own) {
      return own;
    }
  }
  const candidates = options.java
    ? [[options.java, "the java given"]]
    : [
        ...(env.JAVA_HOME ? [[path.join(env.JAVA_HOME, "bin", "java"), "JAVA_HOME's java (" + env.JAVA_HOME + ")"]] : []),
        ["java", "java on the PATH"],
      ];
  const seen = [];
  for (const [command, name] of candidates) {
    const version = javaVersion(command);
    if (version !== null && version >= MINIMUM_JAVA) {
      return { java: name, command, args: ["-jar", JAR], cwd: undefined };
    }
    seen.push(version === null ? name + " is not there or does not run" : name + " is Java " + version);
  }
  throw new Error(
    "availability-mock needs Java " + MINIMUM_JAVA + " or newer, and found none: " + seen.join("; ") + ".\n" +
      "Install a Java " + MINIMUM_JAVA + "+ runtime (for example Eclipse Temurin 17 or 21 from https://adoptium.net, " +
      "or your system's openjdk-17-jre-headless package), then set JAVA_HOME to it or put its bin/ on the PATH.\n" +
      (bundled() ? "" : "This package brings its own runtime for linux-x64 only, not for " + process.platform + "-" + process.arch + "."),
  );
}

module.exports = { resolveLaunch, MINIMUM_JAVA };
