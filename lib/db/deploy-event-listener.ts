import "server-only";
import pg from "pg";
import { databaseUrl } from "@/lib/db/client";

// One LISTEN connection per server process, fanned out to every browser watching a deploy.
// A thousand viewers cost one PostgreSQL connection, and never an AWS call: the tracker's
// inserts fire the NOTIFY (see the database_rules migration). Notifications carry only ids;
// each subscriber re-reads what it has not seen from the database, so a lost or coalesced
// notification can delay an event but never drop or reorder it.

export const deployEventsChannel = "dpl_deploy_events";

export type DeployNotification = { deployId: string; id?: string; status?: string };
type Subscriber = (notification: DeployNotification) => void;

type ListenerState = {
  client: pg.Client | null;
  connecting: Promise<void> | null;
  subscribers: Map<string, Set<Subscriber>>;
  retryTimer: NodeJS.Timeout | null;
};

const globalForListener = globalThis as unknown as { dplDeployEventListener?: ListenerState };

function state(): ListenerState {
  globalForListener.dplDeployEventListener ??= { client: null, connecting: null, subscribers: new Map(), retryTimer: null };
  return globalForListener.dplDeployEventListener;
}

function dispatch(notification: DeployNotification): void {
  for (const subscriber of state().subscribers.get(notification.deployId) ?? []) subscriber(notification);
}

/** After a reconnect every subscriber re-reads: anything inserted while we were deaf shows up. */
function wakeEveryone(): void {
  for (const [deployId, subscribers] of state().subscribers) for (const subscriber of subscribers) subscriber({ deployId });
}

async function connect(): Promise<void> {
  const current = state();
  const client = new pg.Client({ connectionString: databaseUrl(), application_name: "dpl-deploy-events", keepAlive: true });
  client.on("notification", (message) => {
    if (message.channel !== deployEventsChannel || !message.payload) return;
    try {
      const payload = JSON.parse(message.payload) as { deployId?: unknown; id?: unknown; status?: unknown };
      if (typeof payload.deployId !== "string") return;
      dispatch({
        deployId: payload.deployId,
        id: payload.id === undefined ? undefined : String(payload.id),
        status: typeof payload.status === "string" ? payload.status : undefined,
      });
    } catch {
      // Not ours: ignore a malformed payload rather than drop the connection.
    }
  });
  const drop = () => {
    if (current.client !== client) return;
    current.client = null;
    client.removeAllListeners();
    client.end().catch(() => {});
    scheduleReconnect();
  };
  client.on("error", drop);
  client.on("end", drop);
  await client.connect();
  await client.query(`LISTEN ${deployEventsChannel}`);
  current.client = client;
  wakeEveryone();
}

function scheduleReconnect(): void {
  const current = state();
  if (current.retryTimer || current.subscribers.size === 0) return;
  current.retryTimer = setTimeout(() => {
    current.retryTimer = null;
    void ensureConnected().catch(scheduleReconnect);
  }, 1_000);
  current.retryTimer.unref();
}

async function ensureConnected(): Promise<void> {
  const current = state();
  if (current.client) return;
  current.connecting ??= connect().finally(() => {
    current.connecting = null;
  });
  await current.connecting;
}

/** Calls `onChange` whenever the deploy or its events change; returns the unsubscribe function. */
export function subscribeToDeploy(deployId: string, onChange: Subscriber): () => void {
  const current = state();
  let subscribers = current.subscribers.get(deployId);
  if (!subscribers) {
    subscribers = new Set();
    current.subscribers.set(deployId, subscribers);
  }
  subscribers.add(onChange);
  void ensureConnected().catch(scheduleReconnect);
  return () => {
    const set = current.subscribers.get(deployId);
    set?.delete(onChange);
    if (set && set.size === 0) current.subscribers.delete(deployId);
  };
}

/** For tests and shutdown. */
export async function closeDeployEventListener(): Promise<void> {
  const current = state();
  current.subscribers.clear();
  if (current.retryTimer) clearTimeout(current.retryTimer);
  current.retryTimer = null;
  const client = current.client;
  current.client = null;
  if (client) {
    client.removeAllListeners();
    await client.end().catch(() => {});
  }
}
