#!/usr/bin/env node
// The last step of `npm test`: docs/iam-policy.json must grant exactly the AWS operations
// dpl's own clients (user agent "dpl") sent to the sandbox across the whole suite, no more
// (least privilege) and no fewer (a deploy would fail on real AWS with AccessDenied).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = process.env.SANDBOX_OPERATIONS_DIR ?? path.join(".data", "sandbox-operations");
if (!existsSync(dir)) {
  console.error(`no recorded operations in ${dir}: run the suite with SANDBOX_OPERATIONS_DIR set (npm test does)`);
  process.exit(1);
}
const prefix = { ecr: "ecr", elasticbeanstalk: "elasticbeanstalk", s3: "s3", sts: "sts" };
const recorded = new Set(
  readdirSync(dir)
    .flatMap((file) => readFileSync(path.join(dir, file), "utf8").split("\n"))
    .filter(Boolean)
    .map((line) => {
      const [service, operation] = line.split(":");
      return `${prefix[service] ?? service}:${operation}`;
    })
    // GetCallerIdentity needs no permission: any valid credentials may call it.
    .filter((action) => action !== "sts:GetCallerIdentity"),
);
const policy = JSON.parse(readFileSync("docs/iam-policy.json", "utf8"));
const granted = new Set(policy.Statement.flatMap((statement) => [statement.Action].flat()));
const missing = [...recorded].filter((action) => !granted.has(action)).sort();
const unused = [...granted].filter((action) => !recorded.has(action)).sort();
if (missing.length || unused.length) {
  if (missing.length) console.error(`docs/iam-policy.json lacks actions dpl called: ${missing.join(", ")}`);
  if (unused.length) console.error(`docs/iam-policy.json grants actions dpl never called in the suite: ${unused.join(", ")}`);
  process.exit(1);
}
console.log(`docs/iam-policy.json grants exactly the ${recorded.size} AWS operations dpl called in the suite`);
