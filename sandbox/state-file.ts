import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { reviveState, type SandboxState } from "./state";

// The optional state file: loaded at start, written (debounced) after every change and on
// close. Written to a temporary file and renamed, so a crash mid-write never leaves half a
// JSON document for the next start to choke on.

const SAVE_DEBOUNCE_MS = 250;

/** The saved state, or undefined when there is none (or it cannot be read: it is set aside). */
export function loadState(file: string): SandboxState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const saved = JSON.parse(readFileSync(file, "utf8")) as Partial<SandboxState>;
    return reviveState(saved);
  } catch (error) {
    const aside = `${file}.unreadable-${Date.now()}`;
    renameSync(file, aside);
    console.warn(`sandbox: could not read ${file} (${(error as Error).message}); moved it to ${aside} and started from the seed`);
    return undefined;
  }
}

export function saveState(file: string, state: SandboxState): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, file);
}

export type StateSaver = { changed(): void; flush(): void };

export function stateSaver(file: string | undefined, current: () => SandboxState): StateSaver {
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (file) saveState(file, current());
  };
  return {
    changed: () => {
      if (!file || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        try {
          flush();
        } catch (error) {
          console.warn(`sandbox: could not save ${file}: ${(error as Error).message}`);
        }
      }, SAVE_DEBOUNCE_MS);
      timer.unref();
    },
    flush,
  };
}
