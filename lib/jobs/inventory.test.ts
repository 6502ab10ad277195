import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { services } from "@/lib/services";
import { deployer, useEngine, viewer } from "@/test/engine-harness";

// The poller keeps applications, environments, events and images in PostgreSQL for every
// page and replica, with the fewest AWS calls; adoption records what dpl did not do.

const engine = useEngine({ worker: false });

type Call = { service: string; operation: string; params: Record<string, unknown> };
const calls = async () => (await engine.control().calls()).calls as Call[];

describe("inventory", { timeout: 90_000 }, () => {
  it("stores every EB application with a default template and its namesake repository, and every environment", async () => {
    const applications = await db().application.findMany({ include: { templates: true } });
    expect(applications.map((a) => a.name)).toContain("takumi-server");
    for (const a of applications) {
      expect(a.ecrRepository).toBe(a.name);
      expect(a.templates).toEqual([expect.objectContaining({ revision: 1, format: "DOCKERRUN_V1" })]);
      expect(JSON.parse(a.templates[0].body)).toMatchObject({ Ports: [{ ContainerPort: "8080" }] });
    }
    const environments = await db().environment.findMany({ where: { applicationName: "takumi-server" }, orderBy: { name: "asc" } });
    expect(environments.map((e) => e.name)).toEqual(["takumi-srv-dev", "takumi-srv-prod", "takumi-srv-staging"]);
    for (const e of environments) expect(e).toMatchObject({ status: "Ready", polledAt: expect.any(Date) });
    expect(environments[0].solutionStack).toMatch(/Docker/);
  });

  it("adopts each environment's running version as an EXTERNAL deploy, once", async () => {
    const external = await db().deploy.findMany({ where: { kind: "EXTERNAL", environmentName: "takumi-srv-dev" } });
    expect(external).toHaveLength(1);
    expect(external[0]).toMatchObject({ status: "SUCCEEDED", actorName: "outside dpl" });
    await services().jobs.pollEnvironments();
    expect(await db().deploy.count({ where: { kind: "EXTERNAL", environmentName: "takumi-srv-dev" } })).toBe(1);
  });

  it("adopts a change once when several polls run at the same time (a refresh beside the schedule, replicas)", async () => {
    await db().deploy.deleteMany({ where: { kind: "EXTERNAL", environmentName: "takumi-srv-prod" } });
    await Promise.all(Array.from({ length: 4 }, () => services().jobs.pollEnvironments()));
    expect(await db().deploy.count({ where: { kind: "EXTERNAL", environmentName: "takumi-srv-prod" } })).toBe(1);
  });

  it("polls environments with one DescribeApplications, one DescribeEnvironments and one DescribeEvents", async () => {
    await engine.control().clearCalls();
    await services().jobs.pollEnvironments();
    const byOperation = (await calls()).reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.operation]: (acc[c.operation] ?? 0) + 1 }), {});
    expect(byOperation).toEqual({ DescribeApplications: 1, DescribeEnvironments: 1, DescribeEvents: 1 });
  });

  it("stores images newest first and a pushed image appears after a refresh", async () => {
    const before = await db().image.count({ where: { repositoryName: "takumi-server" } });
    expect(before).toBeGreaterThanOrEqual(30);
    expect(await db().image.findFirst({ where: { repositoryName: "takumi-server", tags: { has: "git_cf7edb2" } } })).toBeTruthy();
    await engine.control().pushImage({ repository: "takumi-server", tag: "git_1234567" });
    await services().refreshInventory(viewer, { application: "takumi-server" });
    const newest = await db().image.findFirst({ where: { repositoryName: "takumi-server" }, orderBy: { pushedAt: "desc" } });
    expect(newest?.tags).toContain("git_1234567");
    expect((await db().repositorySync.findUnique({ where: { repositoryName: "takumi-server" } }))?.repositoryUri).toBe(
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/takumi-server",
    );
  });

  it("a repository never listed is listed on its first read, once; later reads use the stored rows", async () => {
    await db().image.deleteMany({ where: { repositoryName: "takumi-web" } });
    await db().repositorySync.deleteMany({ where: { repositoryName: "takumi-web" } });
    await engine.control().clearCalls();
    await services().listImagesIfNeverListed("takumi-web");
    expect(await db().image.count({ where: { repositoryName: "takumi-web" } })).toBeGreaterThan(0);
    await services().listImagesIfNeverListed("takumi-web");
    const listed = (await calls()).filter((c) => c.operation === "DescribeImages");
    expect(listed).toHaveLength(1);
    expect(listed[0].params).toMatchObject({ repositoryName: "takumi-web" });
  });

  it("records a version change made outside dpl as EXTERNAL", async () => {
    // A deploy through dpl, then the environment moved back to the old label behind dpl's back.
    const { deploy } = await services().startDeploy(deployer, {
      application: "takumi-server",
      environment: "takumi-srv-staging",
      tag: "git_1234567",
      source: "API",
    });
    await services().jobs.register(deploy.id);
    for (let i = 0; i < 200; i++) {
      await services().jobs.track(deploy.id);
      const row = await db().deploy.findUnique({ where: { id: deploy.id } });
      if (row?.status !== "UPDATING") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await db().deploy.findUnique({ where: { id: deploy.id } }))?.status).toBe("SUCCEEDED");
    await services().jobs.pollEnvironments();
    expect(await db().deploy.count({ where: { kind: "EXTERNAL", environmentName: "takumi-srv-staging" } })).toBe(1);
    // Someone moves staging back to its seeded version in the console.
    const seeded = await db().deploy.findFirst({ where: { kind: "EXTERNAL", environmentName: "takumi-srv-staging" } });
    await services().deps.aws.beanstalk.updateEnvironment("takumi-srv-staging", seeded?.versionLabel ?? "");
    for (let i = 0; i < 100; i++) {
      const [live] = await services().deps.aws.beanstalk.describeEnvironments({ names: ["takumi-srv-staging"] });
      if (live.status === "Ready") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await services().jobs.pollEnvironments();
    const external = await db().deploy.findMany({ where: { kind: "EXTERNAL", environmentName: "takumi-srv-staging" }, orderBy: { createdAt: "asc" } });
    expect(external).toHaveLength(2);
    expect(external[1]).toMatchObject({ versionLabel: seeded?.versionLabel, previousVersionLabel: deploy.versionLabel, status: "SUCCEEDED" });
    expect(await db().auditEvent.count({ where: { action: "deploy.external", environmentName: "takumi-srv-staging" } })).toBe(2);
  });

  it("a cold load of a 10,000-image repository takes ceil(n/1000) DescribeImages calls", async () => {
    const existing = await db().image.count({ where: { repositoryName: "takumi-server" } });
    await engine.control().generateImages("takumi-server", 10_000 - existing);
    await engine.control().clearCalls();
    await services().jobs.pollImages();
    const describeImages = (await calls()).filter((c) => c.operation === "DescribeImages" && JSON.stringify(c.params).includes("takumi-server"));
    expect(describeImages).toHaveLength(10);
    expect(await db().image.count({ where: { repositoryName: "takumi-server" } })).toBe(10_000);
  });
});
