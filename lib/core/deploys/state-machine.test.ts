import { describe, expect, it } from "vitest";
import type { DeployStatus } from "../ports";
import { assertTransition, canTransition, isTerminal, sourcesOf } from "./state-machine";

describe("deploy state machine", () => {
  it("allows the lifecycle of DESIGN.md", () => {
    const path: DeployStatus[] = ["PENDING", "REGISTERING", "UPDATING", "SUCCEEDED"];
    for (let i = 1; i < path.length; i++) expect(() => assertTransition(path[i - 1], path[i])).not.toThrow();
    expect(canTransition("REGISTERING", "FAILED")).toBe(true);
    expect(canTransition("UPDATING", "CANCELLED")).toBe(true);
  });

  it("refuses skipping steps, leaving terminal states and cancelling before UPDATING", () => {
    expect(() => assertTransition("PENDING", "UPDATING")).toThrow(/PENDING -> UPDATING/);
    expect(() => assertTransition("SUCCEEDED", "FAILED")).toThrow();
    expect(canTransition("REGISTERING", "CANCELLED")).toBe(false);
    expect(isTerminal("FAILED")).toBe(true);
    expect(isTerminal("UPDATING")).toBe(false);
    expect(sourcesOf("FAILED").sort()).toEqual(["PENDING", "REGISTERING", "UPDATING"]);
  });
});
