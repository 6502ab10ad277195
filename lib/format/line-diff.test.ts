import { describe, expect, it } from "vitest";
import { diffLines } from "./line-diff";

describe("diffLines", () => {
  it("marks changed lines and keeps the rest", () => {
    const diff = diffLines('{\n  "a": 1,\n  "b": 2\n}', '{\n  "a": 1,\n  "b": 3,\n  "c": 4\n}');
    expect(diff.map((line) => `${line.kind[0]} ${line.text}`)).toEqual(["s {", 's   "a": 1,', 'r   "b": 2', 'a   "b": 3,', 'a   "c": 4', "s }"]);
  });
  it("numbers lines on each side", () => {
    const diff = diffLines("x\ny", "y\nz");
    expect(diff).toEqual([
      { kind: "removed", text: "x", oldLine: 1 },
      { kind: "same", text: "y", oldLine: 2, newLine: 1 },
      { kind: "added", text: "z", newLine: 2 },
    ]);
  });
});
