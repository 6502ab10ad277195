import type { TaskList } from "graphile-worker";
import { deliverNotification } from "./deliver";
import { NOTIFY_TASK } from "./enqueue";

/** Merged into the engine's task list (lib/jobs/index.ts). */
export const notificationTasks: TaskList = {
  [NOTIFY_TASK]: async (payload) => {
    const id = (payload as { deliveryId?: unknown } | null)?.deliveryId;
    if (typeof id !== "string") throw new Error("notify job payload has no deliveryId");
    await deliverNotification(id);
  },
};
