import type { Command } from "commander";
import { CliError, EXIT } from "../api-client";
import { clientFrom, type GlobalOptions, type Io } from "../context";
import { parseDuration } from "../format";

export function registerLockCommands(program: Command, io: Io, run: (action: () => Promise<number>) => Promise<void>): void {
  const globals = () => program.opts<GlobalOptions>();
  program
    .command("lock")
    .description("stop new deploys to an environment (rollbacks still pass)")
    .argument("<environment>")
    .requiredOption("--reason <text>", "why, shown to whoever tries to deploy")
    .option("--expires <duration>", "lift the lock by itself after e.g. 30m, 2h, 1d")
    .action((environment: string, options: { reason: string; expires?: string }) =>
      run(async () => {
        let expiresAt: string | undefined;
        if (options.expires) {
          try {
            expiresAt = new Date(Date.now() + parseDuration(options.expires)).toISOString();
          } catch (error) {
            throw new CliError((error as Error).message, EXIT.rejected);
          }
        }
        const api = clientFrom(globals(), io);
        await api.request("PUT", `/api/v1/environments/${encodeURIComponent(environment)}/lock`, { reason: options.reason, expiresAt });
        io.out(`Locked '${environment}'${expiresAt ? ` until ${expiresAt}` : ""}: ${options.reason}`);
        return EXIT.ok;
      }),
    );
  program
    .command("unlock")
    .description("lift an environment's lock (its author or an admin)")
    .argument("<environment>")
    .action((environment: string) =>
      run(async () => {
        const api = clientFrom(globals(), io);
        await api.request("DELETE", `/api/v1/environments/${encodeURIComponent(environment)}/lock`);
        io.out(`Unlocked '${environment}'.`);
        return EXIT.ok;
      }),
    );
}
