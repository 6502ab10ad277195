import type { DeployStatus } from "../ports";

// The deploy lifecycle of DESIGN.md as data. Every status change in the stores goes through
// assertTransition, so a transition the table does not list is a bug, not a state.

export const transitions: Record<DeployStatus, readonly DeployStatus[]> = {
  PENDING: ["REGISTERING", "FAILED"],
  REGISTERING: ["UPDATING", "FAILED"],
  UPDATING: ["SUCCEEDED", "FAILED", "CANCELLED"],
  SUCCEEDED: [],
  FAILED: [],
  CANCELLED: [],
};

export const activeStatuses: readonly DeployStatus[] = ["PENDING", "REGISTERING", "UPDATING"];

export function canTransition(from: DeployStatus, to: DeployStatus): boolean {
  return transitions[from].includes(to);
}

export function assertTransition(from: DeployStatus, to: DeployStatus): void {
  if (!canTransition(from, to)) throw new Error(`Illegal deploy transition ${from} -> ${to}`);
}

export function isTerminal(status: DeployStatus): boolean {
  switch (status) {
    case "PENDING":
    case "REGISTERING":
    case "UPDATING":
      return false;
    case "SUCCEEDED":
    case "FAILED":
    case "CANCELLED":
      return true;
    default: {
      const unreachable: never = status;
      return unreachable;
    }
  }
}

/** The statuses from which `to` may be reached: the compare-and-set guard of an update. */
export function sourcesOf(to: DeployStatus): DeployStatus[] {
  return (Object.keys(transitions) as DeployStatus[]).filter((from) => transitions[from].includes(to));
}
