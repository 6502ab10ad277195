import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { reportAwsCall } from "@/lib/aws/aws-calls";
import { createLog, requestLog } from "@/lib/log";

function capture(level = "debug") {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      raw.push(chunk.toString());
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  return { log: createLog({ level, destination }), lines, raw };
}

describe("log", () => {
  it("writes JSON lines with the request id of the request", () => {
    const { log, lines } = capture();
    const request = new Request("http://x/api", { headers: { "x-request-id": "req-123" } });
    const { log: child, requestId } = requestLog(request, log);
    child.info({ route: "/api" }, "handled");
    expect(requestId).toBe("req-123");
    expect(lines[0]).toMatchObject({ level: 30, msg: "handled", requestId: "req-123", route: "/api", service: "dpl" });
  });

  it("makes up a request id when the caller's is missing or unsafe", () => {
    const { requestId } = requestLog(new Request("http://x/", { headers: { "x-request-id": "bad id <script>" } }), capture().log);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("never writes secrets: API tokens, AUTH_SECRET, AWS keys, webhook secrets and URL paths", () => {
    const authSecret = "s3cr3t-auth-value-that-is-long-enough-1234";
    process.env.AUTH_SECRET = authSecret;
    const { log, raw } = capture();
    const token = "dpl_abcdefghijklmnopqrstuvwxyz012345";
    const slack = "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXX";
    log.info(
      {
        headers: { authorization: `Bearer ${token}`, cookie: "authjs.session-token=abc" },
        channel: { url: "https://hooks.example.com/in/abc123secretpath?key=k", secret: "whsec-very-secret" },
        aws: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
        config: { AUTH_SECRET: authSecret },
        error: new Error(`POST ${slack} failed with token ${token}`),
      },
      `delivering to ${slack} as ${token} with ${authSecret}`,
    );
    const text = raw.join("");
    for (const secret of [
      token,
      authSecret,
      "XXXXXXXXXXXXXXXXXXXX",
      "abc123secretpath",
      "whsec-very-secret",
      "AKIAIOSFODNN7EXAMPLE",
      "wJalrXUtnFEMI",
      "session-token=abc",
    ]) {
      expect(text).not.toContain(secret);
    }
    // What is left is still useful: the receiver's host and the shape of the record.
    expect(text).toContain("https://hooks.example.com/");
    expect(text).toContain("[redacted]");
  });

  it("keeps a key named __proto__ as a key, redacted like any other", () => {
    const { log, lines } = capture();
    const fromTheWire = JSON.parse('{"__proto__": {"secret": "whsec-from-the-wire", "note": "kept"}}') as object;
    log.info({ body: fromTheWire }, "odd body");
    expect(JSON.stringify(lines[0])).not.toContain("whsec-from-the-wire");
    expect(lines[0].body).toEqual(JSON.parse('{"__proto__": {"secret": "[redacted]", "note": "kept"}}'));
  });

  it("logs every AWS call at debug with operation, latency and outcome", async () => {
    const { log: processLog } = await import("@/lib/log");
    const logger = processLog();
    const seen: unknown[] = [];
    const original = logger.debug.bind(logger);
    logger.debug = ((obj: unknown, msg?: string) => {
      seen.push({ obj, msg });
      return original(obj as object, msg);
    }) as typeof logger.debug;
    reportAwsCall({ service: "ElasticBeanstalk", operation: "UpdateEnvironment", durationMs: 42, ok: false, errorCode: "Throttling" });
    expect(seen).toContainEqual({
      obj: { aws: { service: "ElasticBeanstalk", operation: "UpdateEnvironment", durationMs: 42, ok: false, errorCode: "Throttling" } },
      msg: "aws call",
    });
  });
});
