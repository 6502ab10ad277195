import { CreateRepositoryCommand, DescribeRepositoriesCommand } from "@aws-sdk/client-ecr";
import { CreateApplicationCommand, DescribeApplicationsCommand } from "@aws-sdk/client-elastic-beanstalk";
import { CreateBucketCommand, GetObjectCommand, HeadBucketCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "./server";
import { clientsFor } from "./test-clients";

// Names are the caller's: an application may be called "constructor" and an S3 key
// "__proto__". The sandbox's tables are keyed by them, so none may reach Object.prototype.
// (A fuzzed GET /toString/a once crashed the S3 handler with a 500.)

const NAMES = ["toString", "constructor", "__proto__", "hasOwnProperty"];
const stateFile = path.join(mkdtempSync(path.join(tmpdir(), "sandbox-names-")), "state.json");
let sandbox: Sandbox;
let clients: ReturnType<typeof clientsFor>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: "empty", stateFile });
  clients = clientsFor(sandbox.url, { maxAttempts: 1 });
});
afterAll(() => sandbox.close());

describe("names that are Object.prototype members", () => {
  it("are unknown until created, in every service, with AWS's not-found errors", async () => {
    for (const name of NAMES) {
      const s3 = await fetch(`${sandbox.url}/${name}/a`);
      expect(s3.status).toBe(404);
      expect(await s3.text()).toContain("<Code>NoSuchBucket</Code>");
      await expect(clients.s3.send(new HeadBucketCommand({ Bucket: name }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    }
    await expect(clients.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ["constructor"] }))).rejects.toMatchObject({
      name: "RepositoryNotFoundException",
    });
    expect((await clients.eb.send(new DescribeApplicationsCommand({ ApplicationNames: NAMES }))).Applications).toEqual([]);
  });

  it("are ordinary entries once created, and survive a restart through the state file", async () => {
    await clients.s3.send(new CreateBucketCommand({ Bucket: "names" }));
    for (const key of NAMES) await clients.s3.send(new PutObjectCommand({ Bucket: "names", Key: key, Body: `body of ${key}` }));
    await clients.ecr.send(new CreateRepositoryCommand({ repositoryName: "constructor" }));
    for (const name of NAMES) await clients.eb.send(new CreateApplicationCommand({ ApplicationName: name }));

    await sandbox.close();
    sandbox = await startSandbox({ port: 0, seed: "empty", stateFile });
    clients = clientsFor(sandbox.url, { maxAttempts: 1 });

    const listed = await clients.s3.send(new ListObjectsV2Command({ Bucket: "names" }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual([...NAMES].sort());
    for (const key of NAMES) {
      const got = await clients.s3.send(new GetObjectCommand({ Bucket: "names", Key: key }));
      expect(await got.Body!.transformToString()).toBe(`body of ${key}`);
    }
    const repositories = await clients.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ["constructor"] }));
    expect(repositories.repositories?.map((repository) => repository.repositoryName)).toEqual(["constructor"]);
    const applications = await clients.eb.send(new DescribeApplicationsCommand({ ApplicationNames: NAMES }));
    expect(applications.Applications?.map((application) => application.ApplicationName).sort()).toEqual([...NAMES].sort());
  });
});
