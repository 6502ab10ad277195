import type { DeployEventRow, DeployProgress, DeployStatus } from "@/lib/db/queries/deploys";

// The JSON a progress update carries, from the server render and from the event stream alike.
export type ProgressMessage = {
  status: DeployStatus;
  startedAt: string | null;
  updateIntentAt: string | null;
  finishedAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  events: DeployEventRow[];
};

export function toProgressMessage(progress: DeployProgress, events: DeployEventRow[]): ProgressMessage {
  return {
    status: progress.status,
    startedAt: progress.startedAt?.toISOString() ?? null,
    updateIntentAt: progress.updateIntentAt?.toISOString() ?? null,
    finishedAt: progress.finishedAt?.toISOString() ?? null,
    errorCode: progress.errorCode,
    errorMessage: progress.errorMessage,
    events,
  };
}
