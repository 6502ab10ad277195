import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "./server";

// Whatever arrives, the sandbox answers like AWS would: a 4xx in the service's own shape (or
// a 200), never a 500, a dropped connection or a crash. Random inputs through every protocol.

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: "demo", deployDurationMs: 50 });
});
afterAll(() => sandbox.close());

const ECR_OPS = ["DescribeRepositories", "CreateRepository", "DescribeImages", "ListImages", "BatchGetImage", "PutImage", "Nope"];
const EB_OPS = [
  "DescribeApplications",
  "CreateApplication",
  "DescribeEnvironments",
  "CreateEnvironment",
  "CreateApplicationVersion",
  "DescribeApplicationVersions",
  "DeleteApplicationVersion",
  "UpdateEnvironment",
  "DescribeEvents",
  "DescribeEnvironmentHealth",
  "AbortEnvironmentUpdate",
  "",
  "Nope",
];
const EB_PARAMS = [
  "ApplicationName",
  "EnvironmentName",
  "EnvironmentId",
  "VersionLabel",
  "MaxRecords",
  "NextToken",
  "StartTime",
  "EndTime",
  "Severity",
  "SourceBundle.S3Bucket",
  "SourceBundle.S3Key",
  "EnvironmentNames.member.1",
  "AttributeNames.member.1",
];
const ECR_KEYS = ["repositoryName", "repositoryNames", "imageIds", "maxResults", "nextToken", "filter", "imageManifest", "imageTag", "imageDigest"];
const someValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.oneof(fc.string(), fc.object())),
  fc.object(),
  fc.constantFrom("takumi-server", "takumi-srv-dev", "git_cf7edb2", "2026-01-01T00:00:00Z"),
);

describe("malformed requests", () => {
  it("ECR: any JSON for any operation gets a 200 or a JSON 4xx with __type", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ECR_OPS), fc.dictionary(fc.constantFrom(...ECR_KEYS), someValue), async (op, input) => {
        const response = await fetch(sandbox.url, {
          method: "POST",
          headers: { "x-amz-target": `AmazonEC2ContainerRegistry_V20150921.${op}`, "content-type": "application/x-amz-json-1.1" },
          body: JSON.stringify(input),
        });
        const body = (await response.json()) as { __type?: string };
        expect(response.status === 200 || (response.status >= 400 && response.status < 500 && typeof body.__type === "string")).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("Elastic Beanstalk: any parameters for any action get a 200 or an XML 4xx ErrorResponse", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...EB_OPS),
        fc.dictionary(fc.constantFrom(...EB_PARAMS), fc.oneof(fc.string(), fc.integer().map(String))),
        async (op, params) => {
          const body = new URLSearchParams({ Action: op, Version: "2010-12-01", ...params }).toString();
          const response = await fetch(sandbox.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
          const text = await response.text();
          expect(response.status === 200 ? text.includes(`<${op}Response`) : response.status < 500 && text.includes("<ErrorResponse")).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("S3: any method and path get a 2xx or an S3 error, 501 only for what it does not implement", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "PUT", "HEAD", "DELETE", "POST"),
        fc.array(fc.stringMatching(/^[A-Za-z0-9%._~-]{0,12}$/), { maxLength: 3 }),
        fc.string(),
        async (method, parts, body) => {
          const response = await fetch(`${sandbox.url}/${parts.join("/")}`, { method, body: method === "PUT" || method === "POST" ? body : undefined });
          await response.arrayBuffer();
          expect(response.status < 500 || response.status === 501).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
    expect((await fetch(`${sandbox.url}/_sandbox/state`)).status).toBe(200);
  });
});
