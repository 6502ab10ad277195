import { HealthPanel } from "@/app/_components/health-panel";

export const dynamic = "force-dynamic";

export default function OverviewPage() {
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
      <section>
        <h1 className="text-xl font-semibold tracking-tight">Environments</h1>
        <p className="mt-1 text-sm text-slate-600">Pick a commit, pick an environment, press the big red button.</p>
      </section>
      <aside>
        <HealthPanel />
      </aside>
    </div>
  );
}
