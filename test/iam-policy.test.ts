import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { recordedOperations } from "./aws-operations";

// docs/iam-policy.json against what dpl can call: the `XCommand` imports of lib/aws (the only
// code that imports @aws-sdk/*), mapped to IAM actions by the client package they come from.

const iamPrefix: Record<string, string> = { "client-ecr": "ecr", "client-elastic-beanstalk": "elasticbeanstalk", "client-s3": "s3", "client-sts": "sts" };

function commandsInLibAws(): string[] {
  const dir = path.join(process.cwd(), "lib", "aws");
  const actions = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
    const source = readFileSync(path.join(dir, file), "utf8");
    for (const match of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*"@aws-sdk\/(client-[a-z0-9-]+)"/g)) {
      const prefix = iamPrefix[match[2]];
      expect(prefix, `${file} imports ${match[2]}, which this test does not map to IAM yet`).toBeDefined();
      for (const name of match[1].split(",").map((n) => n.trim())) {
        const command = /^(\w+)Command$/.exec(name);
        if (command) actions.add(`${prefix}:${command[1]}`);
      }
    }
  }
  return [...actions].sort();
}

describe("docs/iam-policy.json", () => {
  it("allows exactly the operations lib/aws can send", () => {
    const policy = JSON.parse(readFileSync(path.join(process.cwd(), "docs", "iam-policy.json"), "utf8")) as {
      Statement: { Effect: string; Action: string[] }[];
    };
    const allowed = policy.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => s.Action);
    expect(allowed.sort()).toEqual([...recordedOperations].sort());
    expect(commandsInLibAws()).toEqual([...recordedOperations].sort());
  });
});
