import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";

// The rules the database enforces by itself, proven against a real PostgreSQL with the
// owner/app role split the demo and production use.

const database = useTestDatabase();
let app: pg.Client;
let owner: pg.Client;

beforeAll(async () => {
  app = new pg.Client({ connectionString: database().appUrl });
  owner = new pg.Client({ connectionString: database().migrationUrl });
  await Promise.all([app.connect(), owner.connect()]);
  await owner.query(`INSERT INTO "Application" (name) VALUES ('rules-app')`);
  await owner.query(`INSERT INTO "Environment" (name, "applicationName") VALUES ('rules-env-a', 'rules-app'), ('rules-env-b', 'rules-app')`);
});

afterAll(async () => {
  await Promise.all([app.end(), owner.end()]);
});

const insertDeploy = (client: pg.Client, environment: string, status = "PENDING") =>
  client.query(
    `INSERT INTO "Deploy" ("applicationName", "environmentName", status, "actorName", source) VALUES ('rules-app', $1, $2, 'tester', 'API') RETURNING id`,
    [environment, status],
  );

describe("one active deploy per environment", () => {
  it("refuses a second non-terminal deploy to the same environment", async () => {
    await insertDeploy(app, "rules-env-a");
    await expect(insertDeploy(app, "rules-env-a", "UPDATING")).rejects.toMatchObject({ code: "23505", constraint: "Deploy_one_active_per_environment" });
  });

  it("allows parallel deploys to different environments and any number of finished ones", async () => {
    await insertDeploy(app, "rules-env-b");
    await insertDeploy(app, "rules-env-a", "SUCCEEDED");
    await insertDeploy(app, "rules-env-a", "FAILED");
  });

  it("lets exactly one of many concurrent inserts win", async () => {
    await app.query(`UPDATE "Deploy" SET status = 'SUCCEEDED' WHERE "environmentName" = 'rules-env-b'`);
    const clients = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const client = new pg.Client({ connectionString: database().appUrl });
        await client.connect();
        return client;
      }),
    );
    const results = await Promise.allSettled(clients.map((client) => insertDeploy(client, "rules-env-b")));
    await Promise.all(clients.map((client) => client.end()));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});

describe("audit events are append-only", () => {
  let id: string;
  beforeAll(async () => {
    const { rows } = await app.query(
      `INSERT INTO "AuditEvent" ("actorType", "actorName", action, "targetType", target, outcome) VALUES ('SYSTEM', 'test', 'deploy.start', 'environment', 'rules-env-a', 'SUCCESS') RETURNING id`,
    );
    id = rows[0].id;
  });

  it("the app role may insert and read", async () => {
    const { rows } = await app.query(`SELECT action FROM "AuditEvent" WHERE id = $1`, [id]);
    expect(rows[0].action).toBe("deploy.start");
  });

  it("the app role may not update, delete or truncate (no privilege)", async () => {
    await expect(app.query(`UPDATE "AuditEvent" SET outcome = 'FAILURE' WHERE id = $1`, [id])).rejects.toMatchObject({ code: "42501" });
    await expect(app.query(`DELETE FROM "AuditEvent" WHERE id = $1`, [id])).rejects.toMatchObject({ code: "42501" });
    await expect(app.query(`TRUNCATE "AuditEvent"`)).rejects.toMatchObject({ code: "42501" });
  });

  it("even the owner is stopped by the triggers, including TRUNCATE", async () => {
    await expect(owner.query(`UPDATE "AuditEvent" SET outcome = 'FAILURE' WHERE id = $1`, [id])).rejects.toThrow(/append-only: UPDATE/);
    await expect(owner.query(`DELETE FROM "AuditEvent" WHERE id = $1`, [id])).rejects.toThrow(/append-only: DELETE/);
    await expect(owner.query(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only: TRUNCATE/);
    const { rows } = await owner.query(`SELECT outcome FROM "AuditEvent" WHERE id = $1`, [id]);
    expect(rows[0].outcome).toBe("SUCCESS");
  });

  it("the app role cannot disable the trigger", async () => {
    await expect(app.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_no_update_delete"`)).rejects.toMatchObject({ code: "42501" });
  });
});
