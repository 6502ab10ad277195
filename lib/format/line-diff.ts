// A line diff between two template revisions: longest common subsequence over lines.
// Templates are a few dozen lines, so the quadratic table is tiny; past a cap the diff
// degrades to "all removed, all added" rather than using unbounded memory.

export type DiffLine = { kind: "same" | "added" | "removed"; text: string; oldLine?: number; newLine?: number };

const MAX_CELLS = 4_000_000;

export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split("\n");
  const b = after.split("\n");
  if (a.length * b.length > MAX_CELLS) {
    return [
      ...a.map((text, i) => ({ kind: "removed" as const, text, oldLine: i + 1 })),
      ...b.map((text, i) => ({ kind: "added" as const, text, newLine: i + 1 })),
    ];
  }
  // lengths[i][j]: LCS length of a[i..] and b[j..]
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i][j] = a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: "same", text: a[i], oldLine: i + 1, newLine: j + 1 });
      i++;
      j++;
    } else if (lengths[i + 1][j] >= lengths[i][j + 1]) {
      out.push({ kind: "removed", text: a[i], oldLine: i + 1 });
      i++;
    } else {
      out.push({ kind: "added", text: b[j], newLine: j + 1 });
      j++;
    }
  }
  while (i < a.length) out.push({ kind: "removed", text: a[i], oldLine: ++i });
  while (j < b.length) out.push({ kind: "added", text: b[j], newLine: ++j });
  return out;
}
