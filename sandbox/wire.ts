import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

// Wire-level helpers shared by the services: bodies, AWS error shapes, XML.

export type AwsRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: Buffer;
  region: string;
};

export type AwsResponse = { status: number; headers: Record<string, string>; body: string | Buffer };

/** An AWS-shaped failure: each service renders it in its own protocol. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: "Sender" | "Receiver" = "Sender",
    /** Extra elements some errors carry (S3's <BucketName>, <Key>). */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

const MAX_BODY = 600 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new AwsError("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The region and service from a SigV4 Authorization header's credential scope. */
export function credentialScope(headers: IncomingMessage["headers"]): { region?: string; service?: string } {
  const match = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(String(headers.authorization ?? ""));
  return match ? { region: match[1], service: match[2] } : {};
}

export function escapeXml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

export type XmlValue = string | number | boolean | undefined | null | XmlValue[] | { [key: string]: XmlValue };

/** Renders a value as AWS query-protocol XML: arrays become <member> lists. */
export function toXml(value: XmlValue): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map((item) => `<member>${toXml(item)}</member>`).join("");
  if (typeof value === "object") {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join("");
  }
  return escapeXml(String(value));
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function newRequestId(): string {
  return randomUUID();
}

export function send(res: ServerResponse, response: AwsResponse): void {
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}
