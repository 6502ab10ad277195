import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { inspectBundle, judgeBundle, resolveImage } from "./beanstalk-bundle";
import { generateImages } from "./generator";
import { ARTICLE_TAG, demoState } from "./seed";
import { emptyState, isEcsPlatform, repositoryUri } from "./state";

// The demo world every demo and test stands on, and the bundle reading the rollout relies on.

describe("the demo seed", () => {
  const now = Date.UTC(2026, 10, 1);
  const state = demoState(now);

  it("is deterministic for a given clock", () => {
    expect(JSON.stringify(demoState(now))).toBe(JSON.stringify(state));
  });

  it("holds the article's image, and runs it nowhere, so deploying it is a real change", () => {
    const repo = state.repositories["takumi-server"];
    expect(repo.images.filter((i) => i.tags.some((t) => /^git_[0-9a-f]{7}$/.test(t))).length).toBeGreaterThanOrEqual(30);
    const article = repo.images.find((i) => i.tags.includes(ARTICLE_TAG));
    expect(article?.pushedAt).toBeGreaterThan(now - 3 * 86_400_000);
    const runningImages = Object.values(state.environments).map((env) => state.versions.find((v) => v.label === env.versionLabel)?.label);
    expect(runningImages.every((label) => label && !label.startsWith(ARTICLE_TAG))).toBe(true);
    expect(Object.keys(state.environments).sort()).toEqual([
      "takumi-srv-dev",
      "takumi-srv-prod",
      "takumi-srv-staging",
      "takumi-web-prod",
      "takumi-workers-dev",
    ]);
  });

  it("gives every environment a version whose bundle EB would deploy: right format, images in ECR", () => {
    for (const env of Object.values(state.environments)) {
      const version = state.versions.find((v) => v.application === env.application && v.label === env.versionLabel)!;
      expect(version.bucket).toBe("elasticbeanstalk-us-east-1-123456789012");
      expect(judgeBundle(state, env, version)).toMatchObject({ ok: true, images: [expect.objectContaining({ digest: expect.any(String) })] });
      const bundle = inspectBundle(Buffer.from(state.buckets[version.bucket].objects[version.key].body, "base64"), version.key);
      expect(bundle.format).toBe(isEcsPlatform(env) ? "2" : "1");
    }
    expect(state.environments["takumi-workers-dev"].solutionStack).toBe("64bit Amazon Linux 2 v3.5.0 running ECS");
  });

  it("generates 10,000 distinct images fast", () => {
    const big = emptyState();
    const started = performance.now();
    expect(generateImages(big, "bench", 10_000)).toBe(10_000);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(new Set(big.repositories.bench.images.map((i) => i.digest)).size).toBe(10_000);
  });
});

describe("reading a source bundle", () => {
  const zip = (files: Record<string, string>) => Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]))));

  it("reads a bare Dockerrun v1/v2, and a zip with docker-compose.yml or Dockerrun.aws.json at its root", () => {
    expect(
      inspectBundle(Buffer.from(JSON.stringify({ AWSEBDockerrunVersion: "1", Image: { Name: "a:1" }, Ports: [{ ContainerPort: 80 }] })), "x.json"),
    ).toEqual({ format: "1", images: ["a:1"] });
    expect(inspectBundle(zip({ "docker-compose.yml": "services:\n  a: {image: 'r/a:1'}\n  b: {image: 'r/b:2'}\n" }), "x.zip")).toEqual({
      format: "compose",
      images: ["r/a:1", "r/b:2"],
    });
    const v2 = { AWSEBDockerrunVersion: 2, containerDefinitions: [{ name: "w", image: "r/w:3", memoryReservation: 64 }] };
    expect(inspectBundle(zip({ "Dockerrun.aws.json": JSON.stringify(v2), ".ebextensions/a.config": "x: 1" }), "x.zip")).toEqual({
      format: "2",
      images: ["r/w:3"],
    });
  });

  it("finds what EB refuses: files not at the root, no Ports, no memory, an unknown version, garbage", () => {
    expect(inspectBundle(zip({ "app/Dockerrun.aws.json": "{}" }), "x.zip").problem).toContain("are missing in your source bundle");
    expect(inspectBundle(Buffer.from(JSON.stringify({ AWSEBDockerrunVersion: "1", Image: { Name: "a:1" } })), "x.json").problem).toContain("'Ports'");
    expect(
      inspectBundle(Buffer.from(JSON.stringify({ AWSEBDockerrunVersion: 2, containerDefinitions: [{ name: "w", image: "i" }] })), "x.json").problem,
    ).toContain("memoryReservation");
    expect(inspectBundle(Buffer.from(JSON.stringify({ AWSEBDockerrunVersion: "7" })), "x.json").problem).toBe("Unsupported AWSEBDockerrunVersion: 7");
    expect(inspectBundle(Buffer.from("{oops"), "x.json").format).toBe("invalid");
  });

  it("resolves ECR references by tag or digest; other registries are out of sight", () => {
    const state = demoState(0);
    const image = state.repositories["takumi-server"].images.find((i) => i.tags.includes(ARTICLE_TAG))!;
    expect(resolveImage(state, `${repositoryUri("takumi-server")}:${ARTICLE_TAG}`)).toBe(image);
    expect(resolveImage(state, `${repositoryUri("takumi-server")}@${image.digest}`)).toBe(image);
    expect(resolveImage(state, `${repositoryUri("takumi-server")}:git_0000000`)).toBeNull();
    expect(resolveImage(state, "nginx:1.27")).toBe("elsewhere");
  });
});
