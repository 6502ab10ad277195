import { log } from "@/lib/log";
import { enqueueNotifications } from "@/lib/notifications/enqueue";
import { services } from "@/lib/services";
import { observeDeployFinished } from "./observe-deploys";
import { metrics } from "./registry";

/**
 * Started once per server process (lib/server-start.ts): AWS calls feed the metrics and the
 * debug log, and domain events feed the deploy-duration histogram and the notifier.
 */
export function startObservers(): void {
  metrics();
  log();
  services().events.subscribe(observeDeployFinished);
  services().events.subscribe(async (event) => {
    await enqueueNotifications(event);
  });
}
