import { getActor } from "@/lib/auth/session";
import { subscribeToDeploy } from "@/lib/db/deploy-event-listener";
import { getDeployProgress, isUuid, listDeployEventsAfter } from "@/lib/db/queries/deploys";
import { toProgressMessage } from "../_components/progress-message";

// Server-sent events for one deploy. Every browser shares the process's one LISTEN
// connection; a notification only wakes this stream, which then reads from the database
// every event after the last id it sent (and the deploy's status), so each viewer gets every
// event exactly once and in order, also after a reconnect (EventSource sends Last-Event-ID).

export const dynamic = "force-dynamic";

const terminal = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);
// A safety net, not the mechanism: if a NOTIFY is ever missed, the stream still catches up.
const RECHECK_MS = 5_000;
const HEARTBEAT_MS = 15_000;

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await getActor();
  if (!actor) {
    return Response.json({ error: { code: "UNAUTHENTICATED", message: "Sign in to follow this deploy." } }, { status: 401 });
  }
  const { id } = await params;
  if (!isUuid(id) || !(await getDeployProgress(id))) {
    return Response.json({ error: { code: "DEPLOY_NOT_FOUND", message: `No deploy ${id}.` } }, { status: 404 });
  }
  const url = new URL(request.url);
  let lastId: string | null = request.headers.get("last-event-id") ?? url.searchParams.get("after");
  const encoder = new TextEncoder();

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let reading = false;
      let again = false;
      const timers: NodeJS.Timeout[] = [];
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        for (const timer of timers) clearInterval(timer);
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      };
      // Reads are serialised: a burst of notifications costs one read per turn, not one each.
      const pump = async () => {
        if (closed) return;
        if (reading) {
          again = true;
          return;
        }
        reading = true;
        try {
          do {
            again = false;
            // Status first, then events, one after the other: the tracker commits a poll's events
            // before the status that ends the deploy, so once the status read is terminal the
            // events read (a later statement) sees every event. Read in parallel, the events
            // query could run before the last insert and the status after the final update,
            // and the stream would close without the last events.
            const progress = await getDeployProgress(id);
            const events = progress ? await listDeployEventsAfter(id, lastId) : [];
            if (!progress || closed) return;
            if (events.length > 0) lastId = events[events.length - 1].id;
            const message = toProgressMessage(progress, events);
            controller.enqueue(encoder.encode(`${lastId ? `id: ${lastId}\n` : ""}data: ${JSON.stringify(message)}\n\n`));
            if (terminal.has(progress.status) && events.length === 0) {
              close();
              return;
            }
          } while (again && !closed);
        } catch {
          close();
        } finally {
          reading = false;
        }
      };
      const unsubscribe = subscribeToDeploy(id, () => void pump());
      timers.push(setInterval(() => void pump(), RECHECK_MS));
      timers.push(
        setInterval(() => {
          if (!closed) controller.enqueue(encoder.encode(": keep-alive\n\n"));
        }, HEARTBEAT_MS),
      );
      request.signal.addEventListener("abort", close);
      controller.enqueue(encoder.encode("retry: 2000\n\n"));
      void pump();
    },
  });

  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
