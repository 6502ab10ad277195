import type { Fault, RecordedCall } from "./control";
import type { SandboxState } from "./state";

// A typed client of the sandbox's control API, for tests and benchmarks.

export type SandboxCall = RecordedCall;

export function sandboxControl(url: string) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}/_sandbox/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as T & { error?: string };
    if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${json.error ?? response.status}`);
    return json;
  };
  return {
    state: () => call<SandboxState>("GET", "state"),
    reset: () => call("POST", "reset"),
    pushImage: (image: { repository: string; tag: string; digest?: string; pushedAt?: string | number; sizeBytes?: number }) =>
      call<{ imageDigest: string; imageTags: string[]; imagePushedAt: string }>("POST", "images", image),
    generateImages: (repository: string, count: number) => call<{ images: number }>("POST", "generate", { repository, count }),
    fault: (fault: Partial<Fault> & Pick<Fault, "service" | "operation" | "code">) => call("POST", "faults", fault),
    clearFaults: () => call("DELETE", "faults"),
    latency: (ms: number) => call("POST", "latency", { ms }),
    outcome: (outcome: { environment: string; health: "Green" | "Red"; afterMs?: number }) => call("POST", "outcomes", outcome),
    versionQuota: (versionQuota: number) => call("POST", "quota", { versionQuota }),
    calls: () => call<{ calls: SandboxCall[] }>("GET", "calls"),
    clearCalls: () => call("DELETE", "calls"),
  };
}

export type SandboxControl = ReturnType<typeof sandboxControl>;
