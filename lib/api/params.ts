import { DplError } from "@/lib/core/errors";
import { ApplicationNameSchema, EnvironmentNameSchema } from "@/lib/core/validation";

// Path names are checked before anything reads or audits them: a name no environment or
// application can have is simply not found (and never reaches PostgreSQL as, say, a NUL byte).

const shown = (name: string) => name.replace(/[\u0000-\u001f\u007f]/g, "?").slice(0, 100);

export function environmentParam(name: string): string {
  if (EnvironmentNameSchema.safeParse(name).success) return name;
  throw new DplError("ENVIRONMENT_NOT_FOUND", `No Elastic Beanstalk environment named ${shown(name)}.`, { environment: shown(name) });
}

export function applicationParam(name: string): string {
  if (ApplicationNameSchema.safeParse(name).success) return name;
  throw new DplError("APPLICATION_NOT_FOUND", `No application named ${shown(name)}.`, { application: shown(name) });
}
