import { describe, expect, it } from "vitest";
import { DplError } from "@/lib/core/errors";
import { isDatabaseUnavailable, isInvalidText } from "./errors";

describe("isDatabaseUnavailable", () => {
  it("recognises connection failures anywhere on the cause chain", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { name: "PrismaClientInitializationError" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("pool"), { code: "P2024" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }) }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("admin shutdown"), { code: "57P01" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { code: "08006" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    const aggregate = new AggregateError([Object.assign(new Error("a"), { code: "ECONNREFUSED" })], "all failed");
    expect(isDatabaseUnavailable(aggregate)).toBe(true);
  });

  it("leaves other errors alone", () => {
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("unique"), { code: "P2002" }))).toBe(false);
    expect(isDatabaseUnavailable(new DplError("NOT_FOUND", "no"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    const loop: { cause?: unknown; message: string } = { message: "loop" };
    loop.cause = loop;
    expect(isDatabaseUnavailable(loop)).toBe(false);
  });
});

describe("isInvalidText", () => {
  it("recognises PostgreSQL refusing a NUL byte", () => {
    expect(
      isInvalidText(Object.assign(new Error('Database error. Code: `22021`. Message: `invalid byte sequence for encoding "UTF8": 0x00`'), { code: "P2010" })),
    ).toBe(true);
    expect(isInvalidText(Object.assign(new Error("x"), { code: "22021" }))).toBe(true);
    expect(isInvalidText(new Error("boom"))).toBe(false);
  });
});
