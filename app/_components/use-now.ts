import { useSyncExternalStore } from "react";

// The current time for client leaves, shared by one interval. Null during the server render
// and hydration (useSyncExternalStore's server snapshot), so text that depends on the clock
// or the viewer's time zone never mismatches what the server sent.

const listeners = new Set<() => void>();
let current = 0;
let timer: ReturnType<typeof setInterval> | null = null;

function tick(): void {
  current = Date.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(tick, 1_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

function snapshot(): number {
  // With no ticking interval the cached value may be old: refresh it, at whole seconds so
  // two reads within one render agree.
  if (!timer) current = Math.floor(Date.now() / 1000) * 1000;
  return current;
}

export function useNow(): number | null {
  return useSyncExternalStore<number | null>(subscribe, snapshot, () => null);
}
