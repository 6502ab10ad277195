// Signs in through the demo provider (DPL_DEMO=1) and returns the Cookie header, as
// test/security/app-server.ts's signInAs does; benchmarks need a session for pages and SSE.
export async function signInAs(baseUrl: string, email: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const index = pair.indexOf("=");
      jar.set(pair.slice(0, index), pair.slice(index + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const callback = await fetch(`${baseUrl}/api/auth/callback/demo`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ email, csrfToken, callbackUrl: `${baseUrl}/` }),
  });
  keep(callback);
  if (![...jar.keys()].some((name) => name.includes("session-token"))) {
    throw new Error(`demo sign-in as ${email} failed: ${callback.status} ${callback.headers.get("location")}`);
  }
  return cookie();
}
