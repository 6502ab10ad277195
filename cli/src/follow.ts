import { CliError, EXIT, type ApiClient } from "./api-client";
import { clock, duration } from "./format";

// Follows a deploy until it ends: progress lines as EB events arrive (a spinner on a TTY,
// plain lines in CI logs), then the outcome and the exit code DESIGN.md defines.

export type DeployView = {
  id: string;
  status: string;
  application?: string;
  environment?: string;
  imageTag?: string | null;
  versionLabel?: string | null;
  url?: string;
  error?: { code?: string; message?: string } | null;
  createdAt?: string;
  finishedAt?: string | null;
  events?: { at: string; severity: string; message: string }[];
};

const TERMINAL = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);

export type FollowOptions = { json: boolean; pollMs: number; timeoutMs: number; out: (line: string) => void; err: (line: string) => void; tty: boolean };

export async function follow(api: ApiClient, id: string, options: FollowOptions): Promise<number> {
  const started = Date.now();
  let seen = 0;
  let lastStatus = "";
  const spinner = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
  let tick = 0;
  const clearSpinner = () => {
    if (options.tty && !options.json) process.stderr.write("\r\x1b[2K");
  };
  for (;;) {
    const { body: deploy } = await api.request<DeployView>("GET", `/api/v1/deploys/${encodeURIComponent(id)}`);
    const events = [...(deploy.events ?? [])].sort((a, b) => a.at.localeCompare(b.at));
    if (!options.json) {
      clearSpinner();
      if (deploy.status !== lastStatus) {
        options.out(`${clock(new Date().toISOString())} ${deploy.status.padEnd(5)} ${statusLine(deploy.status)}`);
        lastStatus = deploy.status;
      }
      for (const event of events.slice(seen)) options.out(`${clock(event.at)} ${event.severity.padEnd(5)} ${event.message}`);
    }
    seen = events.length;
    if (TERMINAL.has(deploy.status)) return finish(deploy, started, options);
    if (Date.now() - started > options.timeoutMs) {
      clearSpinner();
      throw new CliError(`gave up waiting after ${duration(options.timeoutMs)}; the deploy goes on: ${deploy.url ?? id}`, EXIT.unreachable);
    }
    if (options.tty && !options.json)
      process.stderr.write(`\r${spinner[tick++ % spinner.length]} ${deploy.status.toLowerCase()} · ${duration(Date.now() - started)}`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
}

function statusLine(status: string): string {
  switch (status) {
    case "PENDING":
      return "accepted, waiting for a worker";
    case "REGISTERING":
      return "rendering the bundle and registering the application version";
    case "UPDATING":
      return "Elastic Beanstalk is updating the environment";
    case "SUCCEEDED":
      return "the environment runs the new version and is healthy";
    case "FAILED":
      return "the deploy failed";
    case "CANCELLED":
      return "the deploy was cancelled";
    default:
      return "";
  }
}

function finish(deploy: DeployView, started: number, options: FollowOptions): number {
  if (options.json) {
    options.out(JSON.stringify(deploy, null, 2));
  } else if (deploy.status === "SUCCEEDED") {
    options.out(
      `Deployed '${deploy.application}:${deploy.imageTag ?? deploy.versionLabel}' to '${deploy.environment}' in ${duration(Date.now() - started)}: ${deploy.url ?? deploy.id}`,
    );
  } else {
    const reason = deploy.error ? `${deploy.error.code ?? "ERROR"}: ${deploy.error.message ?? ""}` : deploy.status.toLowerCase();
    options.err(`Deploy ${deploy.status.toLowerCase()}: ${reason}`);
    options.err(`Details: ${deploy.url ?? deploy.id}`);
  }
  return deploy.status === "SUCCEEDED" ? EXIT.ok : EXIT.failed;
}
