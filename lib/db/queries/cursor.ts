// Keyset pagination cursors: opaque to the browser (base64url JSON), validated on the way
// back in, so a hand-edited URL yields the first page instead of an error.

export function encodeCursor(value: Record<string, string>): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

export function decodeCursor<K extends string>(cursor: string | null | undefined, keys: readonly K[]): Record<K, string> | null {
  if (!cursor) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof parsed !== "object" || parsed === null) return null;
    const record = parsed as Record<string, unknown>;
    for (const key of keys) if (typeof record[key] !== "string") return null;
    return record as Record<K, string>;
  } catch {
    return null;
  }
}

export function parseDate(value: string | undefined | null): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export type Page<T> = { items: T[]; nextCursor: string | null };
