import { describe, expect, it, vi } from "vitest";
import { actorForAuthorization } from "@/lib/auth/bearer";
import { createApiToken } from "@/lib/auth/tokens";
import { reportAwsCall } from "@/lib/aws/aws-calls";
import { db } from "@/lib/db/client";
import { metrics } from "@/lib/metrics/registry";
import { serveMetrics } from "@/lib/metrics/serve-metrics";
import { useTestDatabase } from "@/test/db";

vi.mock("server-only", () => ({}));
useTestDatabase();

async function viewerToken(): Promise<string> {
  const user = await db().user.create({ data: { email: `m-${Math.random().toString(36).slice(2)}@acme.io`, name: "Metrics Admin", role: "ADMIN" } });
  const { token } = await createApiToken(
    { type: "USER", userId: user.id, name: "Metrics Admin", email: user.email, role: "ADMIN" },
    { name: "prometheus", role: "VIEWER", environments: [] },
  );
  return token;
}

async function seedDeploys() {
  await db().application.create({ data: { name: "shop", environments: { create: [{ name: "shop-prod" }] } } });
  const base = { applicationName: "shop", environmentName: "shop-prod", actorName: "ci", source: "API" as const };
  await db().deploy.createMany({
    data: [
      { ...base, status: "SUCCEEDED", finishedAt: new Date() },
      { ...base, status: "SUCCEEDED", finishedAt: new Date() },
      { ...base, status: "FAILED", finishedAt: new Date() },
      { ...base, status: "UPDATING" },
    ],
  });
}

// The route passes authenticateRequest (bearer token or session); Auth.js's session half needs
// Next's runtime, so the test authenticates the bearer half, which is what Prometheus sends.
const GET = (request: Request) => serveMetrics(request, (r) => actorForAuthorization(r.headers.get("authorization") ?? ""));

describe("GET /api/metrics", () => {
  it("refuses a request without a token with the API's error body", async () => {
    const response = await GET(new Request("http://127.0.0.1/api/metrics", { headers: { authorization: "Bearer dpl_nonsense" } }));
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
  });

  it("serves Prometheus text with deploys, active deploys, queue depth and AWS calls to any role's token", async () => {
    await seedDeploys();
    metrics(); // what startObservers() does at server start: from now on AWS calls are counted
    reportAwsCall({ service: "ElasticBeanstalk", operation: "UpdateEnvironment", durationMs: 120, ok: true });
    reportAwsCall({ service: "ElasticBeanstalk", operation: "UpdateEnvironment", durationMs: 30, ok: false, errorCode: "Throttling" });
    const response = await GET(new Request("http://127.0.0.1/api/metrics", { headers: { authorization: `Bearer ${await viewerToken()}` } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('dpl_deploys_total{application="shop",environment="shop-prod",kind="DEPLOY",status="SUCCEEDED"} 2');
    expect(text).toContain('dpl_deploys_total{application="shop",environment="shop-prod",kind="DEPLOY",status="FAILED"} 1');
    expect(text).toContain('dpl_active_deploys{environment="shop-prod",status="UPDATING"} 1');
    expect(text).toMatch(/dpl_queue_jobs\{state="ready"\} \d+/);
    expect(text).toContain('dpl_aws_calls_total{service="ElasticBeanstalk",operation="UpdateEnvironment",outcome="ok"} 1');
    expect(text).toContain('dpl_aws_call_errors_total{service="ElasticBeanstalk",operation="UpdateEnvironment",code="Throttling"} 1');
    expect(text).toContain('dpl_aws_call_duration_seconds_bucket{le="0.25",service="ElasticBeanstalk",operation="UpdateEnvironment"} 2');
    expect(text).toContain("# TYPE dpl_deploy_duration_seconds histogram");
  });
});
