import { Card } from "@/app/_components/card";
import { RelativeTime } from "@/app/_components/relative-time";
import { listEnvironmentEvents } from "@/lib/db/queries/environments";

const severityClass: Record<string, string> = {
  ERROR: "text-red-700",
  FATAL: "text-red-700",
  WARN: "text-amber-800",
};

export async function EventsCard({ environment }: { environment: string }) {
  const events = await listEnvironmentEvents(environment, 15);
  return (
    <Card id="events" title="Recent Elastic Beanstalk events" padded={false}>
      {events.length === 0 ? (
        <p className="p-4 text-sm text-slate-600">No events recorded yet.</p>
      ) : (
        <ol className="max-h-96 divide-y divide-slate-100 overflow-y-auto text-xs">
          {events.map((event) => (
            <li key={event.id} className="px-4 py-2">
              <div className="flex items-center gap-2 text-slate-500">
                <span className={`font-semibold ${severityClass[event.severity] ?? "text-slate-600"}`}>{event.severity}</span>
                <RelativeTime date={event.at} />
              </div>
              <p className="mt-0.5 break-words text-slate-800">{event.message}</p>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
