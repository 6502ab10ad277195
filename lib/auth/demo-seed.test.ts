import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { useTestDatabase } from "@/test/db";
import { seedDemo } from "./demo-seed";
import { actorForToken } from "./tokens";

useTestDatabase();
const dir = mkdtempSync(path.join(tmpdir(), "dpl-demo-seed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("seedDemo", () => {
  it("creates the three demo people and a deployer token for dev and staging, once", async () => {
    const tokenFile = path.join(dir, "demo-token");
    const first = await seedDemo({ tokenFile });
    const second = await seedDemo({ tokenFile });
    expect(second.deployerToken).toBe(first.deployerToken);
    expect(readFileSync(tokenFile, "utf8").trim()).toBe(first.deployerToken);

    const users = await db().user.findMany({
      where: { email: { endsWith: "@demo.dpl" } },
      orderBy: { email: "asc" },
      select: { email: true, name: true, role: true },
    });
    expect(users).toEqual([
      { email: "admin@demo.dpl", name: "Adam Admin", role: "ADMIN" },
      { email: "deployer@demo.dpl", name: "Dana Deployer", role: "DEPLOYER" },
      { email: "viewer@demo.dpl", name: "Vera Viewer", role: "VIEWER" },
    ]);
    const actor = await actorForToken(first.deployerToken);
    expect(actor).toMatchObject({ type: "TOKEN", name: "Dana Deployer", role: "DEPLOYER", environments: ["takumi-srv-dev", "takumi-srv-staging"] });
    expect(await db().apiToken.count()).toBe(1);
  });

  it("mints a new token when the file is gone (the plaintext is nowhere else)", async () => {
    const before = await seedDemo({ tokenFile: path.join(dir, "demo-token") });
    const after = await seedDemo({ tokenFile: path.join(dir, "other", "demo-token") });
    expect(after.deployerToken).not.toBe(before.deployerToken);
    await expect(actorForToken(after.deployerToken)).resolves.toMatchObject({ type: "TOKEN" });
  });
});

describe("seedDemo and the demo's production", () => {
  it("protects takumi-srv-prod once it exists, and only once", async () => {
    await db().application.create({ data: { name: "takumi-server" } });
    await db().environment.create({ data: { name: "takumi-srv-prod", applicationName: "takumi-server" } });
    await seedDemo({ tokenFile: path.join(dir, "demo-token") });
    expect((await db().environment.findUniqueOrThrow({ where: { name: "takumi-srv-prod" } })).protected).toBe(true);
    // An admin lifts it; a restart of the demo does not put it back.
    await db().environment.update({ where: { name: "takumi-srv-prod" }, data: { protected: false } });
    await seedDemo({ tokenFile: path.join(dir, "demo-token") });
    expect((await db().environment.findUniqueOrThrow({ where: { name: "takumi-srv-prod" } })).protected).toBe(false);
  });
});
