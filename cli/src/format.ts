// Plain-text output: aligned tables for people, nothing fancy for CI logs.

export function table(rows: string[][], header: string[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? "").length)));
  return all.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : (cell ?? "").padEnd(widths[i]))).join("  ")).join("\n");
}

export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(seconds / 60);
  return m ? `${m}m${String(seconds % 60).padStart(2, "0")}s` : `${seconds}s`;
}

export function clock(iso: string | undefined): string {
  return iso ? new Date(iso).toISOString().slice(11, 19) : "--:--:--";
}

export function when(iso: string | undefined | null): string {
  return iso ? new Date(iso).toISOString().replace("T", " ").slice(0, 16) : "";
}

/** "30m", "2h", "1d", "1h30m" -> milliseconds. */
export function parseDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+)\s*([smhd])/g)];
  const consumed = parts.map((p) => p[0]).join("");
  if (!parts.length || consumed.replace(/\s/g, "") !== text.replace(/\s/g, "")) {
    throw new Error(`cannot read the duration ${JSON.stringify(text)}: use e.g. 30m, 2h, 1d or 1h30m`);
  }
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
  return parts.reduce((sum, [, n, u]) => sum + Number(n) * unit[u as keyof typeof unit], 0);
}

export function shortDigest(digest: string | undefined | null): string {
  return digest ? digest.replace(/^sha256:/, "").slice(0, 12) : "";
}
