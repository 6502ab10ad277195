import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { useTestDatabase } from "@/test/db";

// /api/health as an orchestrator sees it: only the database decides 200 or 503; AWS trouble
// is "degraded" with 200, and the AWS probe is cached so a tight probe loop costs AWS nothing.

const database = useTestDatabase();
let awsRequests = 0;
let aws: http.Server;
let awsUrl = "";

beforeAll(async () => {
  // An AWS endpoint that is up but failing (every call is a 500), counting what reaches it.
  aws = http.createServer((_request, response) => {
    awsRequests += 1;
    response.writeHead(500, { "content-type": "text/xml" }).end("<ErrorResponse><Error><Code>InternalFailure</Code></Error></ErrorResponse>");
  });
  await new Promise<void>((resolve) => aws.listen(0, "127.0.0.1", resolve));
  awsUrl = `http://127.0.0.1:${(aws.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => aws.close(() => resolve())));

async function freshHealthRoute(env: Record<string, string>) {
  const original = { DATABASE_URL: process.env.DATABASE_URL, AWS_ENDPOINT_URL: process.env.AWS_ENDPOINT_URL };
  Object.assign(process.env, env);
  resetConfigForTests();
  const globals = globalThis as { dplPrisma?: { $disconnect(): Promise<void> } };
  await globals.dplPrisma?.$disconnect();
  delete globals.dplPrisma;
  vi.resetModules();
  const { GET } = await import("@/app/api/health/route");
  // A running server's pool is warm; a cold Prisma start on a loaded test machine could eat the check's 2 s budget.
  if (env.DATABASE_URL === database().appUrl) await (await import("@/lib/db/client")).db().$queryRaw`SELECT 1`;
  return { GET, restore: () => Object.assign(process.env, original) };
}

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("GET /api/health", () => {
  beforeEach(() => {
    awsRequests = 0;
  });

  it("answers 200 with aws degraded when AWS fails, and probes AWS once per few seconds", async () => {
    const { GET, restore } = await freshHealthRoute({ DATABASE_URL: database().appUrl, AWS_ENDPOINT_URL: awsUrl });
    try {
      const first = await GET();
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({ status: "ok", db: "ok", aws: "degraded" });
      const second = await GET();
      expect(second.status).toBe(200);
      expect(awsRequests).toBe(1);
    } finally {
      restore();
    }
  });

  it("answers 200 with aws degraded when the AWS endpoint is unreachable", async () => {
    const { GET, restore } = await freshHealthRoute({ DATABASE_URL: database().appUrl, AWS_ENDPOINT_URL: `http://127.0.0.1:${await closedPort()}` });
    try {
      const response = await GET();
      expect(response.status).toBe(200);
      const body = (await response.json()) as { aws: string; awsError?: string; db: string };
      expect(body).toMatchObject({ db: "ok", aws: "degraded" });
      expect(body.awsError).toBeTruthy();
    } finally {
      restore();
    }
  });

  it("answers 503 when the database is unreachable, within a few seconds", async () => {
    const dead = database().appUrl.replace(/@[^/]+\//, `@127.0.0.1:${await closedPort()}/`);
    const { GET, restore } = await freshHealthRoute({ DATABASE_URL: dead, AWS_ENDPOINT_URL: awsUrl });
    try {
      const started = Date.now();
      const response = await GET();
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: "unavailable", db: "unavailable" });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(response.headers.get("cache-control")).toBe("no-store");
    } finally {
      restore();
      const globals = globalThis as { dplPrisma?: { $disconnect(): Promise<void> } };
      await globals.dplPrisma?.$disconnect();
      delete globals.dplPrisma;
    }
  });
});
