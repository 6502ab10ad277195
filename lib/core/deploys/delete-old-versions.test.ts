import { describe, expect, it } from "vitest";
import { memoryWorld } from "@/test/engine-memory";
import { AwsCallError } from "../errors";
import { deleteOldVersions } from "./delete-old-versions";
import { uploadVersion } from "./upload-version";
import type { DeployRecord } from "../ports";

function worldWithVersions(count: number) {
  const world = memoryWorld();
  world.seed();
  for (let i = 1; i <= count; i++) {
    world.versions.set(`takumi-server/v${i}`, {
      applicationName: "takumi-server",
      versionLabel: `v${i}`,
      bundleHash: `h${i}`,
      s3Bucket: "b",
      s3Key: `k${i}`,
      createdByDpl: true,
      createdAt: new Date(i * 1000),
      deletedAt: null,
    });
  }
  const deleted: string[] = [];
  world.deps.aws.beanstalk.deleteVersion = async (_app, label) => void deleted.push(label);
  return { world, deleted };
}

describe("version hygiene", () => {
  it("deletes the oldest dpl versions beyond the maximum, sparing what runs and the recent successes", async () => {
    const { world, deleted } = worldWithVersions(15);
    world.deps.config.maxApplicationVersions = 11;
    world.deps.catalog.recentSuccessfulLabels = async () => new Set(["v2"]);
    const live = world.eb.get("takumi-srv-dev");
    if (live) world.eb.set("takumi-srv-dev", { ...live, versionLabel: "v1" });
    expect(await deleteOldVersions(world.deps, "takumi-server")).toEqual(["v3", "v4", "v5", "v6"]);
    expect(deleted).toEqual(["v3", "v4", "v5", "v6"]);
    expect([...world.versions.values()].filter((v) => v.deletedAt).map((v) => v.versionLabel)).toEqual(["v3", "v4", "v5", "v6"]);
  });

  it("does nothing under the maximum", async () => {
    const { world, deleted } = worldWithVersions(5);
    expect(await deleteOldVersions(world.deps, "takumi-server")).toEqual([]);
    expect(deleted).toEqual([]);
  });

  it("when the account quota bites, frees room and creates the version on the second try", async () => {
    const { world, deleted } = worldWithVersions(30);
    world.deps.config.maxApplicationVersions = 30;
    let attempts = 0;
    world.deps.aws.beanstalk.createVersion = async () => {
      attempts++;
      if (attempts === 1)
        throw new AwsCallError("CreateApplicationVersion", "TooManyApplicationVersionsException", "You cannot have more than 30 Application Versions.");
    };
    const deploy = {
      applicationName: "takumi-server",
      bundle: new Uint8Array([123, 125]),
      bundleFileName: "Dockerrun.aws.json",
      bundleHash: "new",
      imageTag: "git_1",
      imageDigest: null,
    } as DeployRecord;
    await uploadVersion(world.deps, deploy, "git_1-abc");
    expect(attempts).toBe(2);
    expect(deleted.length).toBeGreaterThan(0);
    expect(world.versions.get("takumi-server/git_1-abc")).toMatchObject({ bundleHash: "new" });
  });
});
