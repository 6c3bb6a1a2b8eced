import type { ChildProcess } from "node:child_process";

/** The statuses the spec lists (GET /api/v1/agents/me's availability_status). */
export type AvailabilityStatus = "online" | "busy" | "away" | "away_manual" | "away_and_reassigning" | "offline";

export interface StartOptions {
  /** The port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Accepted credentials, "KEY:SECRET" each; without them the demo pair ak_demo:as_demo. */
  credentials?: string[];
  /** The admin API's token (--admin-token); the admin calls below send it. */
  adminToken?: string;
  /** The mock's other flags, as on its command line (--help lists them). */
  args?: string[];
  /** A java (17 or newer) to run the mock's jar with instead of the bundled runtime. */
  java?: string;
  /** Variables added to the mock's environment. */
  env?: Record<string, string>;
  /** How long to wait for the mock to listen, in ms (60000). */
  timeout?: number;
}

/** One entry of the mock's journal (WireMock's logged request; only the usual fields typed). */
export interface LoggedRequest {
  id: string;
  request: {
    url: string;
    method: string;
    headers: Record<string, string | string[]>;
    body: string;
    [field: string]: unknown;
  };
  response?: { status: number; body?: string; [field: string]: unknown };
  [field: string]: unknown;
}

export interface Agent {
  id: number;
  email: string;
  availability_status: string;
  [field: string]: unknown;
}

export declare class Mock {
  /** http://localhost:<port>, as the mock prints it. */
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** What the mock printed so far, a line an element. */
  output(): string[];
  /** Puts every agent back as it started. */
  reset(): Promise<void>;
  /** Sets the stored status of the agent of apiKey; { unlisted: true } for a status the spec does not list. */
  setStatus(apiKey: string, status: AvailabilityStatus, options?: { unlisted?: false }): Promise<Agent>;
  setStatus(apiKey: string, status: string, options: { unlisted: true }): Promise<Agent>;
  /** The agent of apiKey as the mock holds it (the envelope's data). */
  agent(apiKey: string): Promise<Agent>;
  /** The journal, newest first. */
  requests(): Promise<LoggedRequest[]>;
  /** Stops the mock and resolves once it has exited. */
  stop(): Promise<void>;
}

/** Starts the mock and resolves once it listens. */
export declare function startMock(options?: StartOptions): Promise<Mock>;
