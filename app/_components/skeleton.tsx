export function SkeletonLine({ className = "h-4 w-full" }: { className?: string }) {
  return <div aria-hidden className={`animate-pulse rounded bg-slate-200 ${className}`} />;
}

export function SkeletonCard({ lines = 3, className = "" }: { lines?: number; className?: string }) {
  return (
    <div aria-hidden className={`space-y-3 rounded-lg border border-slate-200 bg-white p-4 ${className}`}>
      <SkeletonLine className="h-4 w-1/3" />
      {Array.from({ length: lines }, (_, index) => (
        <SkeletonLine key={index} className={`h-3 ${index % 2 ? "w-2/3" : "w-full"}`} />
      ))}
    </div>
  );
}

/** A page-level placeholder with an accessible name, for loading.tsx files. */
export function PageSkeleton({ label, cards = 3 }: { label: string; cards?: number }) {
  return (
    <div role="status" aria-label={label} className="space-y-4">
      <SkeletonLine className="h-7 w-64" />
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {Array.from({ length: cards }, (_, index) => (
          <SkeletonCard key={index} />
        ))}
      </div>
      <span className="sr-only">{label}</span>
    </div>
  );
}
