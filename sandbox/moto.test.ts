import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { differences, runScenario, type Leaves } from "./moto-scenario";
import { startSandbox, type Sandbox } from "./server";

// Cross-check against moto (an independent fake of AWS, see aws-reference.md): the same ECR and
// S3 calls through the real SDK against both, compared leaf by leaf. The differences that
// remain are listed here and explained in sandbox/README.md ("Differences from moto"); any new
// one fails the test. Skipped, visibly, where moto_server is not installed.

const motoPath = spawnSync("sh", ["-c", "command -v moto_server"], { encoding: "utf8" }).stdout.trim();
if (!motoPath) console.warn("moto_server is not on PATH: skipping the sandbox/moto cross-check (pip install 'moto[server]' to run it)");

const EXPECTED = [
  // ECR's digest is the sha256 of the manifest's bytes; moto hashes the layer digests instead.
  "PutImage.digestIsManifestSha256: true | false",
  // moto computes the size from the config blob; ECR (and the sandbox) sums the layers.
  "DescribeImages.imageDetails[0].imageSizeInBytes: 33500000 | 1469",
  "DescribeImages.byTag.imageDetails[0].imageSizeInBytes: 33500000 | 1469",
  // The sandbox reports what ECR adds to every ImageDetail; moto leaves these out.
  "DescribeImages.imageDetails[0].artifactMediaType: application/vnd.docker.container.image.v1+json | (none)",
  "DescribeImages.byTag.imageDetails[0].artifactMediaType: application/vnd.docker.container.image.v1+json | (none)",
  "DescribeImages.imageDetails[0].imageScanStatus.description: The scan was completed successfully. | (none)",
  "DescribeImages.imageDetails[0].imageScanStatus.status: COMPLETE | (none)",
  "DescribeImages.byTag.imageDetails[0].imageScanStatus.description: The scan was completed successfully. | (none)",
  "DescribeImages.byTag.imageDetails[0].imageScanStatus.status: COMPLETE | (none)",
  // moto leaves the trailing quote out of this one message.
  "CreateRepository.badName!message: Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*'' | Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*'",
];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 0;
}

async function startMoto(): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(motoPath, ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    const up = await fetch(`${url}/moto-api/`).then(
      () => true,
      () => false,
    );
    if (up) return { child, url };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error("moto_server did not start in 30 s");
}

describe.skipIf(!motoPath)("the sandbox against moto", () => {
  let moto: { child: ChildProcess; url: string };
  let sandbox: Sandbox;
  let results: { sandbox: Leaves; moto: Leaves };

  beforeAll(async () => {
    [moto, sandbox] = await Promise.all([startMoto(), startSandbox({ port: 0, seed: "empty" })]);
    results = { sandbox: await runScenario(sandbox.url), moto: await runScenario(moto.url) };
  }, 180_000);
  afterAll(async () => {
    moto?.child.kill();
    await sandbox?.close();
  });

  it("answers the same ECR and S3 calls with the same fields, codes and messages, but for the known differences", () => {
    expect(Object.keys(results.sandbox).length).toBeGreaterThan(60);
    expect(differences(results.sandbox, results.moto)).toEqual([...EXPECTED].sort());
  });

  it("agrees on the AWS errors dpl depends on", () => {
    for (const leaf of [
      "DescribeImages.missingTag!message",
      "DescribeImages.missingRepo!error",
      "DescribeRepositories.missing!message",
      "PutObject.missingBucket!error",
      "GetObject.missing!error",
      "PutImage.same!error",
    ]) {
      expect(results.sandbox[leaf]).toBeDefined();
      expect(results.sandbox[leaf]).toBe(results.moto[leaf]);
    }
  });
});
