import type { Metadata } from "next";
import { ActionForm } from "@/app/_components/action-form";
import { Pill } from "@/app/_components/badges";
import { inputClass, labelClass } from "@/app/_components/button-class";
import { Card } from "@/app/_components/card";
import { EmptyState } from "@/app/_components/empty-state";
import { RelativeTime } from "@/app/_components/relative-time";
import { requireRole } from "@/lib/auth/session";
import { NOTIFIABLE_EVENTS } from "@/lib/notifications/payload";
import { listChannels, listDeliveries } from "@/lib/notifications/queries";
import { createChannelAction, deleteChannelAction, toggleChannelAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Notifications" };

const statusTone = { DELIVERED: "ok", PENDING: "warn", FAILED: "bad" } as const;
const statusWord = { DELIVERED: "Delivered", PENDING: "Retrying", FAILED: "Failed" } as const;

export default async function NotificationsPage() {
  await requireRole("ADMIN");
  const [channels, deliveries] = await Promise.all([listChannels(), listDeliveries(50)]);
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Notifications</h1>
        <p className="mt-1 text-sm text-slate-600">
          Slack and signed webhooks for deploys and locks, per application or environment. Deliveries retry with backoff and never hold up a deploy.
        </p>
      </div>

      <Card title="Channels" padded={false}>
        {channels.length === 0 ? (
          <div className="p-4">
            <EmptyState title="No channels yet">Add a Slack incoming webhook or an HTTPS endpoint below.</EmptyState>
          </div>
        ) : (
          <ul className="divide-y divide-slate-100">
            {channels.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm">
                <div className="min-w-0">
                  <p className="font-medium">
                    {c.name}{" "}
                    <span className="ml-1 text-xs font-normal text-slate-500">
                      {c.kind === "SLACK" ? "Slack" : "Webhook"}
                      {c.hasSecret ? ", signed" : ""}
                    </span>
                  </p>
                  <p className="truncate text-xs text-slate-500">
                    {c.host} · {c.environmentName ?? c.applicationName ?? "every application"} · {c.events.length ? c.events.join(", ") : "all events"}
                  </p>
                </div>
                <div className="flex items-center gap-2">
                  <Pill tone={c.enabled ? "ok" : "idle"}>{c.enabled ? "Enabled" : "Disabled"}</Pill>
                  <ActionForm action={toggleChannelAction} submitLabel={c.enabled ? "Disable" : "Enable"} inline>
                    <input type="hidden" name="id" value={c.id} />
                    <input type="hidden" name="enabled" value={c.enabled ? "false" : "true"} />
                  </ActionForm>
                  <ActionForm action={deleteChannelAction} submitLabel="Delete" variant="ghost" inline>
                    <input type="hidden" name="id" value={c.id} />
                  </ActionForm>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title="Add a channel">
        <ActionForm action={createChannelAction} submitLabel="Add channel" variant="primary">
          <div className="grid gap-3 sm:grid-cols-2">
            <div>
              <label htmlFor="c-name" className={labelClass}>
                Name
              </label>
              <input id="c-name" name="name" required className={`mt-1 ${inputClass}`} placeholder="#deploys" />
            </div>
            <div>
              <label htmlFor="c-kind" className={labelClass}>
                Kind
              </label>
              <select id="c-kind" name="kind" className={`mt-1 ${inputClass}`}>
                <option value="SLACK">Slack incoming webhook</option>
                <option value="WEBHOOK">Webhook (JSON, signed)</option>
              </select>
            </div>
            <div className="sm:col-span-2">
              <label htmlFor="c-url" className={labelClass}>
                URL
              </label>
              <input id="c-url" name="url" type="url" required className={`mt-1 ${inputClass}`} placeholder="https://hooks.slack.com/services/…" />
            </div>
            <div>
              <label htmlFor="c-secret" className={labelClass}>
                Signing secret (webhooks)
              </label>
              <input id="c-secret" name="secret" className={`mt-1 ${inputClass}`} autoComplete="off" />
            </div>
            <div className="grid grid-cols-2 gap-3">
              <div>
                <label htmlFor="c-app" className={labelClass}>
                  Application
                </label>
                <input id="c-app" name="applicationName" className={`mt-1 ${inputClass}`} placeholder="any" />
              </div>
              <div>
                <label htmlFor="c-env" className={labelClass}>
                  Environment
                </label>
                <input id="c-env" name="environmentName" className={`mt-1 ${inputClass}`} placeholder="any" />
              </div>
            </div>
          </div>
          <fieldset>
            <legend className={labelClass}>Events (none checked: all)</legend>
            <div className="mt-1 flex flex-wrap gap-3 text-sm">
              {NOTIFIABLE_EVENTS.map((e) => (
                <label key={e} className="inline-flex items-center gap-1.5">
                  <input type="checkbox" name="events" value={e} /> {e}
                </label>
              ))}
            </div>
          </fieldset>
        </ActionForm>
      </Card>

      <Card title="Recent deliveries" padded={false}>
        {deliveries.length === 0 ? (
          <p className="p-4 text-sm text-slate-600">No deliveries yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Recent notification deliveries</caption>
              <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  {["Channel", "Event", "Status", "Attempts", "Last answer", "Next retry", "Created"].map((h) => (
                    <th key={h} scope="col" className="px-4 py-2 font-medium">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {deliveries.map((d) => (
                  <tr key={d.id}>
                    <td className="px-4 py-2">{d.channelName}</td>
                    <td className="px-4 py-2 font-mono text-xs">{d.event}</td>
                    <td className="px-4 py-2">
                      <Pill tone={statusTone[d.status]}>{statusWord[d.status]}</Pill>
                    </td>
                    <td className="px-4 py-2 tabular-nums">{d.attempts}</td>
                    <td className="px-4 py-2 text-xs text-slate-600">{d.lastStatus ?? d.lastError ?? "–"}</td>
                    <td className="px-4 py-2 text-xs">{d.status === "PENDING" && d.nextAttemptAt ? <RelativeTime date={d.nextAttemptAt} /> : "–"}</td>
                    <td className="px-4 py-2 text-xs">
                      <RelativeTime date={d.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
