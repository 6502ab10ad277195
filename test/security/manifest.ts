import { readFileSync } from "node:fs";
import path from "node:path";

// What the build says it serves: every page and route handler (app-paths-manifest.json) and
// every server action (server-reference-manifest.json). The sweep reads these, never a
// hand-kept list, so a new route is swept the moment it is built.

export type Route = { kind: "page" | "route"; path: string; source: string };
export type ServerAction = { id: string; filename: string; exportedName: string; pagePath: string };
export type AppPathsManifest = Record<string, string>;
export type ServerReferenceManifest = {
  node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
};

/** Values for dynamic segments: names the demo seed knows, ids that exist nowhere. */
const sampleSegment: Record<string, string> = { name: "takumi-srv-dev", id: "00000000-0000-4000-8000-000000000000" };

export function urlPathFor(appPath: string): string {
  const segments = appPath
    .split("/")
    .slice(1, -1)
    .filter((segment) => !/^\(.*\)$/.test(segment) && !segment.startsWith("@"))
    .map((segment) => {
      const optionalCatchAll = /^\[\[\.\.\.(.+)\]\]$/.exec(segment);
      if (optionalCatchAll) return "";
      const dynamic = /^\[(?:\.\.\.)?(.+)\]$/.exec(segment);
      return dynamic ? (sampleSegment[dynamic[1]] ?? "sample") : segment;
    })
    .filter(Boolean);
  return `/${segments.join("/")}`;
}

export function routesFrom(manifest: AppPathsManifest): Route[] {
  return Object.keys(manifest)
    .filter((key) => key.endsWith("/page") || key.endsWith("/route"))
    .filter((key) => !key.startsWith("/_not-found/") && !key.startsWith("/_global-error/"))
    .map((key) => ({ kind: key.endsWith("/page") ? ("page" as const) : ("route" as const), path: urlPathFor(key), source: key }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

export function actionsFrom(manifest: ServerReferenceManifest): ServerAction[] {
  return Object.entries(manifest.node).map(([id, entry]) => {
    const worker = Object.keys(entry.workers).find((name) => name.endsWith("/page")) ?? Object.keys(entry.workers)[0] ?? "app/page";
    return {
      id,
      filename: entry.filename ?? "unknown",
      exportedName: entry.exportedName ?? "unknown",
      pagePath: urlPathFor(`/${worker.replace(/^app\//, "")}`),
    };
  });
}

export function readBuildManifests(root: string): { routes: Route[]; actions: ServerAction[] } {
  const server = path.join(root, ".next", "server");
  const appPaths = JSON.parse(readFileSync(path.join(server, "app-paths-manifest.json"), "utf8")) as AppPathsManifest;
  const references = JSON.parse(readFileSync(path.join(server, "server-reference-manifest.json"), "utf8")) as ServerReferenceManifest;
  return { routes: routesFrom(appPaths), actions: actionsFrom(references) };
}
