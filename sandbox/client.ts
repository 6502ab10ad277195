import type { Fault, RecordedCall } from "./control";
import type { SandboxState } from "./state";

// A typed client of the sandbox's control API, for tests and benchmarks.

export type SandboxCall = RecordedCall;
export type SandboxFault = {
  /** "ecr" | "elasticbeanstalk" | "s3" | "sts" (checked by the sandbox: 400 otherwise). */
  service: string;
  /** AWS's operation name, e.g. UpdateEnvironment, DescribeImages, PutObject. */
  operation: string;
  /** An AWS error code (Throttling, ThrottlingException, InternalFailure...), or HANG / RESET. */
  code: string;
  message?: string;
  httpStatus?: number;
  count?: number;
};

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
    fault: (fault: SandboxFault) => call("POST", "faults", fault),
    faults: () => call<{ faults: Fault[] }>("GET", "faults"),
    clearFaults: () => call("DELETE", "faults"),
    latency: (ms: number) => call("POST", "latency", { ms }),
    outcome: (outcome: { environment: string; health: "Green" | "Red"; afterMs?: number }) => call("POST", "outcomes", outcome),
    versionQuota: (versionQuota: number) => call("POST", "quota", { versionQuota }),
    calls: () => call<{ calls: SandboxCall[] }>("GET", "calls"),
    clearCalls: () => call("DELETE", "calls"),
  };
}

export type SandboxControl = ReturnType<typeof sandboxControl>;
