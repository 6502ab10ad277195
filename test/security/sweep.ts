import type { Route, ServerAction } from "./manifest";

// The route sweep: every page, route handler and server action the build lists is called
// without a session and as a VIEWER; anything that answers when it should refuse is a
// finding. The public exceptions are exactly DESIGN.md's list.

export const publicPaths = ["/signin", "/api/health", "/api", "/api/v1/openapi.json"];
export const publicPrefixes = ["/api/auth/"];
/** Server actions anyone may call: starting and ending a session. */
export const publicActionFiles = ["lib/auth/sign-in-actions.ts"];
/**
 * Actions a VIEWER may call because they change nothing: re-reading ECR into the image cache
 * and rendering a template preview. Adding one here is a reviewed decision.
 */
export const viewerActions: string[] = [
  "app/(dashboard)/applications/[name]/actions.ts#refreshImagesAction",
  "app/(dashboard)/settings/actions.ts#previewTemplateAction",
];

export function isPublicPath(urlPath: string): boolean {
  return publicPaths.includes(urlPath) || publicPrefixes.some((prefix) => urlPath.startsWith(prefix));
}

export type Fetcher = (url: string, init: RequestInit) => Promise<Response>;
export type Finding = { target: string; problem: string };
export type SweepOptions = {
  baseUrl: string;
  fetcher: Fetcher;
  cookie?: string;
  /** Form fields sent to every action (defaults: defaultActionFields). */
  fields?: Record<string, string>;
  /** DENIED audit rows so far: an action that refused and audited it counts as refused. */
  deniedCount?: () => Promise<number>;
};

const mutatingMethods = ["POST", "PUT", "PATCH", "DELETE"];

function redirectsToSignIn(response: Response): boolean {
  const location = response.headers.get("location") ?? "";
  return response.status >= 300 && response.status < 400 && /^(https?:\/\/[^/]+)?\/signin(\?|$)/.test(location);
}

async function isUnauthenticatedBody(response: Response): Promise<boolean> {
  if (response.status !== 401) return false;
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  return body?.error?.code === "UNAUTHENTICATED" && typeof body.error.message === "string";
}

/** Without a session: pages redirect to sign-in, handlers answer 401 with the error body. */
export async function sweepSignedOut(routes: Route[], actions: ServerAction[], options: SweepOptions): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const route of routes) {
    if (isPublicPath(route.path)) continue;
    const target = `${route.kind} ${route.path}`;
    if (route.kind === "page") {
      const response = await options.fetcher(`${options.baseUrl}${route.path}`, { redirect: "manual" });
      if (!redirectsToSignIn(response)) findings.push({ target, problem: `answered ${response.status} without a session instead of redirecting to /signin` });
      continue;
    }
    let served = 0;
    for (const method of ["GET", ...mutatingMethods]) {
      const response = await options.fetcher(`${options.baseUrl}${route.path}`, {
        method,
        redirect: "manual",
        headers: { "content-type": "application/json" },
        body: method === "GET" ? undefined : "{}",
      });
      if (response.status === 405) continue;
      served++;
      if (redirectsToSignIn(response) && !route.path.startsWith("/api/")) continue;
      if (!(await isUnauthenticatedBody(response)))
        findings.push({ target: `${method} ${route.path}`, problem: `answered ${response.status} without a session instead of 401 UNAUTHENTICATED` });
    }
    if (served === 0) findings.push({ target, problem: "answered no method at all (405 to each); the sweep cannot tell whether it is protected" });
  }
  for (const action of actions) {
    if (publicActionFiles.includes(action.filename)) continue;
    const response = await invokeAction(action, options);
    const body = await response.text();
    const refused =
      redirectsToSignIn(response) ||
      /\/signin/.test(response.headers.get("x-action-redirect") ?? "") ||
      /UNAUTHENTICATED/.test(body) ||
      response.status === 401;
    if (!refused) findings.push({ target: actionLabel(action), problem: `ran without a session (status ${response.status})` });
  }
  return findings;
}

/** As a VIEWER (options.cookie): no mutating handler or server action may succeed. */
export async function sweepAsViewer(routes: Route[], actions: ServerAction[], options: SweepOptions): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const route of routes) {
    if (route.kind !== "route" || isPublicPath(route.path)) continue;
    for (const method of mutatingMethods) {
      const response = await options.fetcher(`${options.baseUrl}${route.path}`, {
        method,
        redirect: "manual",
        headers: { "content-type": "application/json", cookie: options.cookie ?? "" },
        body: "{}",
      });
      if (response.status === 405) continue;
      if (response.status < 400 || response.status >= 500)
        findings.push({ target: `${method} ${route.path}`, problem: `answered ${response.status} to a viewer (want 403, or a 4xx refusal)` });
    }
  }
  for (const action of actions) {
    if (publicActionFiles.includes(action.filename) || viewerActions.includes(`${action.filename}#${action.exportedName}`)) continue;
    const deniedBefore = (await options.deniedCount?.()) ?? 0;
    const response = await invokeAction(action, options);
    const body = await response.text();
    const audited = ((await options.deniedCount?.()) ?? 0) > deniedBefore;
    if (!/"code":"FORBIDDEN"/.test(body) && !audited) {
      findings.push({ target: actionLabel(action), problem: `did not refuse a viewer (status ${response.status}): ${body.replace(/\s+/g, " ").slice(-240)}` });
    }
  }
  return findings;
}

function actionLabel(action: ServerAction): string {
  return `action ${action.filename}#${action.exportedName}`;
}

/** Values that pass most forms' validation, so a refusal means the role check, not a parse error. */
export const defaultActionFields: Record<string, string> = {
  application: "takumi-server",
  environment: "takumi-srv-dev",
  tag: "git_cf7edb2",
  reason: "route sweep",
  confirmation: "takumi-srv-dev",
  deployId: "00000000-0000-4000-8000-000000000000",
  userId: "00000000-0000-4000-8000-000000000000",
  tokenId: "00000000-0000-4000-8000-000000000000",
  role: "ADMIN",
  disabled: "true",
  name: "route sweep",
  environments: "takumi-srv-dev",
  expiresInDays: "7",
  format: "DOCKERRUN_V1",
  body: '{"AWSEBDockerrunVersion":"1","Image":{"Name":"{{image}}"},"Ports":[{"ContainerPort":80}]}',
  files: "{}",
  message: "route sweep",
  ecrRepository: "takumi-server",
  commitUrlTemplate: "https://github.com/acme/takumi-server/commit/{sha}",
  compareUrlTemplate: "https://github.com/acme/takumi-server/compare/{from}...{to}",
  tagPattern: "^git_([0-9a-f]{7,40})$",
  deployTimeoutMinutes: "30",
  protected: "on",
};

/**
 * Calls a server action the way a form does (React's reply encoding: field "0" is the
 * argument list, "$K1" a FormData made of the "_1_"-prefixed fields; the cross-origin test
 * proves the encoding by creating a token through it), with values that would
 * pass validation for most forms, so a refusal means the role check, not a parse error.
 */
export function invokeAction(action: ServerAction, options: SweepOptions, origin = options.baseUrl): Promise<Response> {
  const form = new FormData();
  const fields = options.fields ?? defaultActionFields;
  for (const [key, value] of Object.entries(fields)) form.set(`_1_${key}`, value);
  // Last, as React sends it: the server decodes while streaming, so the root refers back.
  form.set("0", JSON.stringify([null, "$K1"]));
  return options.fetcher(`${options.baseUrl}${action.pagePath}`, {
    method: "POST",
    redirect: "manual",
    headers: { "next-action": action.id, accept: "text/x-component", origin, cookie: options.cookie ?? "" },
    body: form,
  });
}
