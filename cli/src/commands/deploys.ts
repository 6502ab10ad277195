import { randomUUID } from "node:crypto";
import type { Command } from "commander";
import { CliError, EXIT, type ApiClient } from "../api-client";
import { clientFrom, pollSettings, type GlobalOptions, type Io } from "../context";
import { follow, type DeployView } from "../follow";

type Accepted = { id: string; status: string; url?: string; noop?: boolean };
type WaitOptions = { wait: boolean; json: boolean };

async function afterAccept(api: ApiClient, accepted: Accepted, options: WaitOptions, io: Io): Promise<number> {
  if (accepted.noop) {
    if (options.json) {
      const { body } = await api.request<DeployView>("GET", `/api/v1/deploys/${encodeURIComponent(accepted.id)}`);
      io.out(JSON.stringify(body, null, 2));
    } else {
      io.out(`Already running and healthy: nothing to do (use --force to redeploy). ${accepted.url ?? ""}`.trim());
    }
    return EXIT.ok;
  }
  if (!options.wait) {
    if (options.json) {
      const { body } = await api.request<DeployView>("GET", `/api/v1/deploys/${encodeURIComponent(accepted.id)}`);
      io.out(JSON.stringify(body, null, 2));
    } else {
      io.out(`Accepted as ${accepted.id} (${accepted.status}): ${accepted.url ?? ""}`.trim());
    }
    return EXIT.ok;
  }
  if (!options.json && accepted.url) io.out(`Follow it in the browser: ${accepted.url}`);
  return follow(api, accepted.id, { json: options.json, ...pollSettings(io), out: io.out, err: io.err, tty: io.tty });
}

/** POSTs with an Idempotency-Key and retries once on a network error: never two deploys. */
async function postOnce(api: ApiClient, path: string, body: unknown): Promise<Accepted> {
  const headers = { "idempotency-key": randomUUID() };
  try {
    return (await api.request<Accepted>("POST", path, body, headers)).body;
  } catch (error) {
    if (error instanceof CliError && error.exitCode === EXIT.unreachable) return (await api.request<Accepted>("POST", path, body, headers)).body;
    throw error;
  }
}

export function registerDeployCommands(program: Command, io: Io, run: (action: () => Promise<number>) => Promise<void>): void {
  const globals = () => program.opts<GlobalOptions>();
  program
    .command("deploy")
    .description("deploy an ECR image tag to an Elastic Beanstalk environment and follow it")
    .argument("<application>", "Elastic Beanstalk application, e.g. takumi-server")
    .argument("<tag>", "image tag in the application's ECR repository, e.g. git_cf7edb2")
    .argument("<environment>", "Elastic Beanstalk environment, e.g. takumi-srv-dev")
    .option("--reason <text>", "why, for the audit log")
    .option("--force", "redeploy even when this exact bundle already runs healthy", false)
    .option("--no-wait", "return once dpl accepted the deploy")
    .option("--json", "print only the final deploy object on stdout", false)
    .action((application: string, tag: string, environment: string, options: WaitOptions & { reason?: string; force: boolean }) =>
      run(async () => {
        const api = clientFrom(globals(), io);
        if (!options.json) io.out(`Deploying '${application}:${tag}' to '${environment}'`);
        const accepted = await postOnce(api, "/api/v1/deploys", { application, tag, environment, reason: options.reason, force: options.force || undefined });
        return afterAccept(api, accepted, options, io);
      }),
    );
  program
    .command("rollback")
    .description("roll an environment back to its previous good deploy (or --to a given one) and lock it")
    .argument("<environment>")
    .requiredOption("--reason <text>", "why (required for rollbacks)")
    .option("--to <deploy-id>", "the deploy to restore (default: the last successful one before the current)")
    .option("--no-lock", "leave the environment unlocked afterwards")
    .option("--no-wait", "return once dpl accepted the rollback")
    .option("--json", "print only the final deploy object on stdout", false)
    .action((environment: string, options: WaitOptions & { reason: string; to?: string; lock: boolean }) =>
      run(async () => {
        const api = clientFrom(globals(), io);
        if (!options.json) io.out(`Rolling back '${environment}'${options.to ? ` to deploy ${options.to}` : ""}`);
        const accepted = await postOnce(api, `/api/v1/environments/${encodeURIComponent(environment)}/rollback`, {
          reason: options.reason,
          toDeployId: options.to,
          lock: options.lock,
        });
        return afterAccept(api, accepted, options, io);
      }),
    );
  program
    .command("cancel")
    .description("abort a deploy that Elastic Beanstalk is applying (EB rolls the environment back)")
    .argument("<deploy-id>")
    .action((id: string) =>
      run(async () => {
        const api = clientFrom(globals(), io);
        await api.request("POST", `/api/v1/deploys/${encodeURIComponent(id)}/cancel`, {});
        io.out(`Cancel requested for ${id}; Elastic Beanstalk is rolling the environment back.`);
        return EXIT.ok;
      }),
    );
}
