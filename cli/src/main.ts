import { Command, CommanderError } from "commander";
import { CliError, EXIT } from "./api-client";
import { registerDeployCommands } from "./commands/deploys";
import { registerLockCommands } from "./commands/locks";
import { registerReadCommands } from "./commands/reads";
import { VERSION, type Io } from "./context";

// The dpl CLI: a thin client of dpl's HTTP API, so CI needs a dpl token, not AWS credentials.
// Exit codes: 0 done, 1 deploy FAILED/CANCELLED, 2 request rejected, 3 dpl unreachable or
// the wait timed out.

export async function runCli(argv: string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const run = async (action: () => Promise<number>) => {
    try {
      exitCode = await action();
    } catch (error) {
      if (error instanceof CliError) {
        io.err(`dpl: ${error.message}`);
        exitCode = error.exitCode;
      } else {
        io.err(`dpl: unexpected error: ${(error as Error).message}`);
        exitCode = EXIT.unreachable;
      }
    }
  };
  const program = new Command()
    .name("dpl")
    .description("Deploy tested Docker images from Amazon ECR to AWS Elastic Beanstalk through dpl.")
    .version(VERSION)
    .option("--url <url>", "dpl's address (default: $DPL_URL)")
    .option("--token <token>", "API token (default: $DPL_TOKEN)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError();
  registerDeployCommands(program, io, run);
  registerReadCommands(program, io, run);
  registerLockCommands(program, io, run);
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.rejected;
    }
    throw error;
  }
  return exitCode;
}

export function processIo(): Io {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    tty: Boolean(process.stderr.isTTY) && !process.env.CI,
    env: process.env,
  };
}
