import type { Command } from "commander";
import { EXIT } from "../api-client";
import { clientFrom, type GlobalOptions, type Io } from "../context";
import { shortDigest, table, when } from "../format";

type Lock = { author?: string; reason?: string; expiresAt?: string | null } | null;
type EnvironmentItem = {
  name: string;
  application: string;
  status?: string | null;
  health?: string | null;
  versionLabel?: string | null;
  image?: { tag?: string | null; digest?: string | null } | string | null;
  lock?: Lock;
  activeDeploy?: { id: string; status: string } | null;
};
type DeployItem = { id: string; kind: string; status: string; imageTag?: string | null; actorName?: string; reason?: string | null; createdAt: string };
type ImageItem = { tags: string[]; digest: string; pushedAt: string; sizeBytes: number | string; commitSha?: string | null };
type Page<T> = { items: T[]; nextCursor?: string | null };

const imageOf = (env: EnvironmentItem) => (typeof env.image === "string" ? env.image : (env.image?.tag ?? shortDigest(env.image?.digest)));

export function registerReadCommands(program: Command, io: Io, run: (action: () => Promise<number>) => Promise<void>): void {
  const globals = () => program.opts<GlobalOptions>();
  program
    .command("status")
    .description("environments with status, health, running version, lock and active deploy")
    .argument("[environment]")
    .option("--json", "print JSON", false)
    .action((environment: string | undefined, options: { json: boolean }) =>
      run(async () => {
        const api = clientFrom(globals(), io);
        const { body } = await api.request<EnvironmentItem[] | { items: EnvironmentItem[] }>("GET", "/api/v1/environments");
        let items = Array.isArray(body) ? body : body.items;
        if (environment) {
          items = items.filter((env) => env.name === environment);
          if (!items.length) {
            io.err(`dpl: no environment named '${environment}'.`);
            return EXIT.rejected;
          }
        }
        if (options.json) io.out(JSON.stringify(environment ? items[0] : items, null, 2));
        else
          io.out(
            table(
              items.map((env) => [
                env.name,
                env.application,
                env.status ?? "?",
                env.health ?? "?",
                imageOf(env) ?? "",
                env.lock ? `locked by ${env.lock.author ?? "?"}: ${env.lock.reason ?? ""}` : "",
                env.activeDeploy ? `${env.activeDeploy.status} ${env.activeDeploy.id}` : "",
              ]),
              ["ENVIRONMENT", "APPLICATION", "STATUS", "HEALTH", "IMAGE", "LOCK", "ACTIVE DEPLOY"],
            ),
          );
        return EXIT.ok;
      }),
    );
  program
    .command("history")
    .description("an environment's deploys, newest first")
    .argument("<environment>")
    .option("--json", "print JSON", false)
    .action((environment: string, options: { json: boolean }) =>
      run(async () => {
        const api = clientFrom(globals(), io);
        const { body } = await api.request<Page<DeployItem>>("GET", `/api/v1/environments/${encodeURIComponent(environment)}/deploys`);
        if (options.json) io.out(JSON.stringify(body, null, 2));
        else
          io.out(
            table(
              body.items.map((d) => [when(d.createdAt), d.kind, d.status, d.imageTag ?? "", d.actorName ?? "", d.reason ?? "", d.id]),
              ["WHEN (UTC)", "KIND", "STATUS", "IMAGE", "BY", "REASON", "ID"],
            ),
          );
        return EXIT.ok;
      }),
    );
  program
    .command("images")
    .description("an application's ECR images, newest first")
    .argument("<application>")
    .option("-q, --query <text>", "filter by tag or commit sha")
    .option("--json", "print JSON", false)
    .action((application: string, options: { json: boolean; query?: string }) =>
      run(async () => {
        const api = clientFrom(globals(), io);
        const query = options.query ? `?q=${encodeURIComponent(options.query)}` : "";
        const { body } = await api.request<Page<ImageItem>>("GET", `/api/v1/applications/${encodeURIComponent(application)}/images${query}`);
        if (options.json) io.out(JSON.stringify(body, null, 2));
        else
          io.out(
            table(
              body.items.map((i) => [
                i.tags.join(",") || "<untagged>",
                shortDigest(i.digest),
                when(i.pushedAt),
                `${Math.round(Number(i.sizeBytes) / 1e6)} MB`,
                i.commitSha ?? "",
              ]),
              ["TAGS", "DIGEST", "PUSHED (UTC)", "SIZE", "COMMIT"],
            ),
          );
        return EXIT.ok;
      }),
    );
}
