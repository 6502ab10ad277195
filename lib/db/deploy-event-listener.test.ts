import { afterAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { useTestDatabase } from "@/test/db";
import { closeDeployEventListener, subscribeToDeploy, type DeployNotification } from "./deploy-event-listener";

vi.mock("server-only", () => ({}));
useTestDatabase();
afterAll(() => closeDeployEventListener());

function waitFor(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (predicate()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error("timed out waiting for notifications"));
      }
    }, 20);
  });
}

describe("subscribeToDeploy", () => {
  it("fans one LISTEN connection out to every subscriber of a deploy, and only theirs", async () => {
    await db().application.create({ data: { name: "app" } });
    await db().environment.create({ data: { name: "app-dev", applicationName: "app" } });
    const [watched, other] = await Promise.all(
      ["git_1111111", "git_2222222"].map((tag, i) =>
        db().deploy.create({ data: { applicationName: "app", environmentName: i ? "app-other" : "app-dev", imageTag: tag, actorName: "dana", source: "WEB" } }),
      ),
    );
    const first: DeployNotification[] = [];
    const second: DeployNotification[] = [];
    const stray: DeployNotification[] = [];
    const unsubscribeFirst = subscribeToDeploy(watched.id, (n) => first.push(n));
    subscribeToDeploy(watched.id, (n) => second.push(n));
    subscribeToDeploy(other.id, (n) => stray.push(n));
    // The first notifications are the wake-up after connecting; wait until LISTEN is live.
    await waitFor(() => first.length > 0);
    first.length = 0;
    second.length = 0;

    const event = await db().deployEvent.create({
      data: { deployId: watched.id, at: new Date(), severity: "INFO", message: "createEnvironment is starting." },
    });
    await db().deploy.update({ where: { id: watched.id }, data: { status: "REGISTERING" } });
    await waitFor(() => first.length >= 2 && second.length >= 2);
    expect(first).toEqual([
      { deployId: watched.id, id: event.id.toString(), status: undefined },
      { deployId: watched.id, id: undefined, status: "REGISTERING" },
    ]);
    expect(second).toEqual(first);
    expect(stray.filter((n) => n.id || n.status)).toEqual([]);

    unsubscribeFirst();
    await db().deployEvent.create({ data: { deployId: watched.id, at: new Date(Date.now() + 1), severity: "INFO", message: "second" } });
    await waitFor(() => second.length >= 3);
    expect(first).toHaveLength(2);

    const connections = await db().$queryRaw<
      { count: bigint }[]
    >`SELECT count(*) AS count FROM pg_stat_activity WHERE application_name = 'dpl-deploy-events' AND datname = current_database()`;
    expect(Number(connections[0].count)).toBe(1);
  });
});
