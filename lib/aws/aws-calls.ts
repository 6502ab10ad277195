// Every AWS call dpl makes passes through one middleware (see clients.ts) that reports it
// here: metrics and logs (issue 8) subscribe without touching the adapters.

export type AwsCall = { service: string; operation: string; durationMs: number; ok: boolean; errorCode?: string };
type Listener = (call: AwsCall) => void;

const listeners = new Set<Listener>();

/** Subscribes to every AWS call; returns the unsubscribe function. */
export function onAwsCall(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function reportAwsCall(call: AwsCall): void {
  for (const listener of listeners) {
    try {
      listener(call);
    } catch {
      // A broken metrics listener must never fail a deploy.
    }
  }
}
