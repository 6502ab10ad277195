import pg from "pg";

// Creates (idempotently) the owner/app role split the demo and the tests run with: the
// owner applies migrations and owns the tables; the app role may only INSERT and SELECT
// audit events, so not even a compromised app can rewrite history.

export type DatabaseUrls = { appUrl: string; migrationUrl: string };

export async function prepareDatabase(adminUrl: string, database: string, options: { template?: string } = {}): Promise<DatabaseUrls> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const role of ["dpl_owner", "dpl_app"]) {
      await admin.query(
        `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} LOGIN PASSWORD '${role}'; END IF; END $$`,
      );
    }
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) {
      const template = options.template ? ` TEMPLATE "${options.template}"` : "";
      await admin.query(`CREATE DATABASE "${database}" OWNER dpl_owner${template}`);
    }
  } catch (error) {
    // Two processes creating the same database at once: the loser sees it exists.
    if ((error as { code?: string }).code !== "42P04" && (error as { code?: string }).code !== "23505") throw error;
  } finally {
    await admin.end();
  }
  const base = new URL(adminUrl);
  const urlFor = (role: string) => {
    const url = new URL(base);
    url.username = role;
    url.password = role;
    url.pathname = `/${database}`;
    return url.toString();
  };
  return { appUrl: urlFor("dpl_app"), migrationUrl: urlFor("dpl_owner") };
}
