// Which PostgreSQL server the tests use, and the guard that keeps them off anything real.

export function serverUrlFromEnv(): string | undefined {
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) return undefined;
  const admin = new URL(url);
  admin.pathname = "/postgres";
  return admin.toString();
}

export function assertLocalDatabase(url: string): void {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  const local = host === "" || host === "localhost" || host === "::1" || /^127\./.test(host);
  if (!local) {
    throw new Error(
      `Refusing to run tests against ${host}: the tests create and drop databases, so they only run against a PostgreSQL on this machine. Unset DATABASE_URL to use an embedded server.`,
    );
  }
}
