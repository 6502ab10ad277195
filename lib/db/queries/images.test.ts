import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { useTestDatabase } from "@/test/db";
import { listImages } from "./images";

vi.mock("server-only", () => ({}));
useTestDatabase();

const total = 10_000;
const base = Date.parse("2026-01-01T00:00:00Z");
const digestOf = (i: number) => `sha256:${i.toString(16).padStart(8, "0")}${"ab".repeat(28)}`;

beforeAll(async () => {
  const rows = Array.from({ length: total }, (_, i) => ({
    repositoryName: "big",
    digest: digestOf(i),
    tags: [`git_${(0xa000000 + i).toString(16)}`, ...(i === 4242 ? ["release-42"] : [])],
    sizeBytes: BigInt(50_000_000 + i),
    // Every 10 images share a push time: the digest breaks the tie.
    pushedAt: new Date(base + Math.floor(i / 10) * 60_000),
  }));
  for (let i = 0; i < rows.length; i += 2_000) await db().image.createMany({ data: rows.slice(i, i + 2_000) });
  await db().image.create({ data: { repositoryName: "other", digest: digestOf(1), tags: ["git_a000001"], sizeBytes: 1n, pushedAt: new Date(base) } });
});

describe("listImages", () => {
  it("walks every image of the repository exactly once, newest first, by keyset pages", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let previous = Number.POSITIVE_INFINITY;
    do {
      const page: Awaited<ReturnType<typeof listImages>> = await listImages("big", { cursor, limit: 200 });
      for (const image of page.items) {
        expect(image.pushedAt.getTime()).toBeLessThanOrEqual(previous);
        previous = image.pushedAt.getTime();
        seen.push(image.digest);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen[0]).toBe(digestOf(total - 1));
  });

  it("finds an image by part of any tag, or by part of its digest, case-insensitively", async () => {
    const byTag = await listImages("big", { q: "RELEASE-4" });
    expect(byTag.items.map((image) => image.digest)).toEqual([digestOf(4242)]);
    expect(byTag.items[0].tags).toContain("release-42");
    const bySha = await listImages("big", { q: (0xa000000 + 17).toString(16) });
    expect(bySha.items.map((image) => image.digest)).toEqual([digestOf(17)]);
    const byDigest = await listImages("big", { q: digestOf(9999).slice(7, 15) });
    expect(byDigest.items.map((image) => image.digest)).toEqual([digestOf(9999)]);
  });

  it("treats LIKE wildcards in the search as text", async () => {
    expect((await listImages("big", { q: "%" })).items).toEqual([]);
    expect((await listImages("big", { q: "g_t" })).items).toEqual([]);
    expect((await listImages("big", { q: "git_a000001" })).items).toHaveLength(1);
  });

  it("stays fast at 10,000 images: a deep page and a search each take milliseconds", async () => {
    let cursor: string | null = null;
    for (let i = 0; i < 40; i++) cursor = (await listImages("big", { cursor, limit: 200 })).nextCursor;
    const started = performance.now();
    const deep = await listImages("big", { cursor, limit: 50 });
    const search = await listImages("big", { q: "git_a0026" });
    const elapsed = performance.now() - started;
    expect(deep.items).toHaveLength(50);
    expect(search.items.length).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(500);
  });

  it("ignores a tampered cursor and keeps repositories apart", async () => {
    const page = await listImages("big", { cursor: "not-a-cursor", limit: 1 });
    expect(page.items[0].digest).toBe(digestOf(total - 1));
    const other = await listImages("other");
    expect(other.items).toHaveLength(1);
    expect(other.nextCursor).toBeNull();
  });
});
