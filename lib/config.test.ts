import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

describe("parseConfig", () => {
  it("accepts an empty environment with safe defaults", () => {
    const config = parseConfig({});
    expect(config.AWS_REGION).toBe("us-east-1");
    expect(config.DPL_TRACK_INTERVAL_MS).toBe(5_000);
    expect(config.DPL_DEMO).toBe(false);
  });

  it("names the variable and what it expects in one line", () => {
    const attempt = () => parseConfig({ DATABASE_URL: "mysql://localhost/dpl" });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/^Invalid configuration: DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL \(got "mysql:\/\/localhost\/dpl"\)\.$/);
  });

  it("rejects a malformed number with the variable's name", () => {
    expect(() => parseConfig({ DPL_TRACK_INTERVAL_MS: "soon" })).toThrow(/DPL_TRACK_INTERVAL_MS/);
  });

  it("rejects a bad region", () => {
    expect(() => parseConfig({ AWS_REGION: "moon" })).toThrow(/AWS_REGION must be an AWS region/);
  });

  it("treats blank values as unset", () => {
    expect(parseConfig({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it("refuses demo sign-in unless AWS is the local sandbox", () => {
    expect(() => parseConfig({ DPL_DEMO: "1", AWS_ENDPOINT_URL: "https://elasticbeanstalk.us-east-1.amazonaws.com" })).toThrow(
      /DPL_DEMO=1 is only allowed with AWS_ENDPOINT_URL on loopback/,
    );
    expect(() => parseConfig({ DPL_DEMO: "1" })).toThrow(/DPL_DEMO=1 needs AWS_ENDPOINT_URL/);
    expect(parseConfig({ DPL_DEMO: "1", AWS_ENDPOINT_URL: "http://127.0.0.1:4566" }).DPL_DEMO).toBe(true);
  });

  it("hides long values", () => {
    expect(() => parseConfig({ AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET must be at least 32 characters/);
  });
});
