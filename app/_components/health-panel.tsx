import { checkHealth } from "@/lib/health/check-health";

function Indicator({ label, ok, word }: { label: string; ok: boolean; word: string }) {
  return (
    <div className="flex items-center justify-between gap-4 py-2">
      <dt className="text-slate-600">{label}</dt>
      <dd className="flex items-center gap-2 font-medium">
        <span aria-hidden className={`inline-block h-2.5 w-2.5 rounded-full ${ok ? "bg-ok" : "bg-warn"}`} />
        {word}
      </dd>
    </div>
  );
}

export async function HealthPanel() {
  const health = await checkHealth();
  return (
    <section aria-labelledby="health-title" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="health-panel">
      <h2 id="health-title" className="text-sm font-semibold text-slate-900">
        System health
      </h2>
      <dl className="mt-2 divide-y divide-slate-100 text-sm">
        <Indicator label="Database" ok={health.db === "ok"} word={health.db === "ok" ? "Connected" : "Unreachable"} />
        <Indicator label="AWS" ok={health.aws === "ok"} word={health.aws === "ok" ? "Reachable" : "Degraded"} />
      </dl>
      {health.awsError ? <p className="mt-2 text-xs text-slate-500">AWS: {health.awsError}</p> : null}
    </section>
  );
}
