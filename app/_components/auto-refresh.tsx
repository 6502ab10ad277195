"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

// While something is deploying, re-render the server component page every few seconds; the
// page reads the database (kept fresh by the poller), so viewers never add AWS calls.
export function AutoRefresh({ active, intervalMs = 3_000 }: { active: boolean; intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, router]);
  return null;
}
