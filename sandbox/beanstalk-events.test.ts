import { DescribeEventsCommand, UpdateEnvironmentCommand, type DescribeEventsCommandInput, type EventDescription } from "@aws-sdk/client-elastic-beanstalk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "./server";
import { ARTICLE_TAG } from "./seed";
import { clientsFor } from "./test-clients";
import { IMAGE, registerVersion, v1, waitReady } from "./test-eb";

// DescribeEvents as dpl and the EB CLI poll it: newest first, StartTime inclusive, EndTime
// exclusive, MaxRecords 1-1000, NextToken pages that new events never shift.

let sandbox: Sandbox;
let aws: ReturnType<typeof clientsFor>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: "demo", deployDurationMs: 100 });
  aws = clientsFor(sandbox.url);
});
afterAll(() => sandbox.close());

const events = async (input: DescribeEventsCommandInput) => (await aws.eb.send(new DescribeEventsCommand(input))).Events ?? [];
const plusMs = (date: Date | undefined, ms: number) => new Date(date!.getTime() + ms);

describe("DescribeEvents", () => {
  it("lists an environment's events newest first, with millisecond dates", async () => {
    const list = await events({ EnvironmentName: "takumi-srv-prod" });
    expect(list.length).toBeGreaterThanOrEqual(10);
    const times = list.map((e) => e.EventDate!.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(list[0]).toMatchObject({
      Message: "Environment update completed successfully.",
      EnvironmentName: "takumi-srv-prod",
      ApplicationName: "takumi-server",
      Severity: "INFO",
    });
    expect((await events({ ApplicationName: "takumi-web" })).every((e) => e.ApplicationName === "takumi-web")).toBe(true);
    expect(await events({ EnvironmentName: "no-such-env" })).toEqual([]);
  });

  it("takes StartTime inclusive and EndTime exclusive", async () => {
    const [newest, older] = await events({ EnvironmentName: "takumi-srv-prod", MaxRecords: 2 });
    const since = await events({ EnvironmentName: "takumi-srv-prod", StartTime: newest.EventDate });
    expect(since.map((e) => e.Message)).toEqual([newest.Message]);
    expect(await events({ EnvironmentName: "takumi-srv-prod", StartTime: plusMs(newest.EventDate, 1) })).toEqual([]);
    const until = await events({ EnvironmentName: "takumi-srv-prod", EndTime: newest.EventDate, MaxRecords: 1 });
    expect(until[0].EventDate).toEqual(older.EventDate);
    expect((await events({ EnvironmentName: "takumi-srv-prod", EndTime: plusMs(newest.EventDate, 1), MaxRecords: 1 }))[0].EventDate).toEqual(newest.EventDate);
  });

  it("pages with MaxRecords and NextToken; a deploy in between adds events at the front, not into the pages", async () => {
    const all = await events({ EnvironmentName: "takumi-srv-staging", MaxRecords: 1000 });
    const first = await aws.eb.send(new DescribeEventsCommand({ EnvironmentName: "takumi-srv-staging", MaxRecords: 4 }));
    expect(first.Events).toHaveLength(4);
    await registerVersion(aws, "between", v1(`${IMAGE}:${ARTICLE_TAG}`));
    await aws.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: "takumi-srv-staging", VersionLabel: "between" }));
    await waitReady(aws, "takumi-srv-staging");
    const seen: EventDescription[] = [...first.Events!];
    let token = first.NextToken;
    while (token) {
      const page = await aws.eb.send(new DescribeEventsCommand({ EnvironmentName: "takumi-srv-staging", MaxRecords: 4, NextToken: token }));
      seen.push(...page.Events!);
      token = page.NextToken;
    }
    expect(seen.map((e) => `${e.EventDate?.toISOString()} ${e.Message}`)).toEqual(all.map((e) => `${e.EventDate?.toISOString()} ${e.Message}`));
    const fresh = await events({ EnvironmentName: "takumi-srv-staging", MaxRecords: 1000 });
    expect(fresh.length).toBe(all.length + 5);
  });

  it("filters by RequestId, VersionLabel and minimum Severity", async () => {
    await registerVersion(aws, "broken", v1(`${IMAGE}:git_fffffff`));
    const update = await aws.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: "takumi-srv-dev", VersionLabel: "broken" }));
    await waitReady(aws, "takumi-srv-dev");
    const requestId = update.$metadata.requestId;
    const errors = await events({ RequestId: requestId, Severity: "ERROR" });
    expect(errors.length).toBeGreaterThanOrEqual(3);
    expect(errors.every((e) => e.Severity === "ERROR" && e.RequestId === requestId)).toBe(true);
    const byLabel = await events({ ApplicationName: "takumi-server", VersionLabel: "broken" });
    expect(byLabel.length).toBeGreaterThan(errors.length);
  });

  it("refuses MaxRecords outside 1-1000 with a ValidationError", async () => {
    await expect(aws.eb.send(new DescribeEventsCommand({ MaxRecords: 1001 }))).rejects.toMatchObject({
      name: "ValidationError",
      $metadata: { httpStatusCode: 400 },
    });
    await expect(aws.eb.send(new DescribeEventsCommand({ MaxRecords: 0 }))).rejects.toMatchObject({ name: "ValidationError" });
  });
});
