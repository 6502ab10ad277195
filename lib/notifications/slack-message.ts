import { formatDuration } from "@/lib/core/insights/period";
import type { NotificationPayload } from "./payload";

// A Slack incoming-webhook message in Block Kit: a headline with the outcome, the facts as
// section fields, and a button to the deploy page. `text` is the fallback shown in
// notifications and by clients that do not render blocks.

const headline: Record<NotificationPayload["event"], (p: NotificationPayload) => string> = {
  "deploy.started": (p) => `:rocket: Deploying ${p.image ?? "a new version"} to ${p.environment}`,
  "deploy.succeeded": (p) => `:white_check_mark: ${p.kind === "ROLLBACK" ? "Rollback" : "Deploy"} of ${p.image ?? "a version"} to ${p.environment} succeeded`,
  "deploy.failed": (p) => `:x: Deploy of ${p.image ?? "a version"} to ${p.environment} failed`,
  "deploy.rolled_back": (p) => `:rewind: ${p.environment} rolled back to ${p.image ?? "an earlier version"}`,
  "environment.locked": (p) => `:lock: ${p.environment} locked`,
  "environment.unlocked": (p) => `:unlock: ${p.environment} unlocked`,
};

// Slack's mrkdwn treats &, < and > as control characters.
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

type Block = Record<string, unknown>;

export function slackMessage(p: NotificationPayload): { text: string; blocks: Block[] } {
  const text = headline[p.event](p);
  const fields: string[] = [`*Environment*\n${escape(p.environment)}`, `*Application*\n${escape(p.application)}`];
  if (p.image) fields.push(`*Image*\n\`${escape(p.image)}\``);
  if (p.commitSha) fields.push(`*Commit*\n${p.commitUrl ? `<${p.commitUrl}|${escape(p.commitSha.slice(0, 12))}>` : escape(p.commitSha)}`);
  if (p.actor) fields.push(`*By*\n${escape(p.actor)}`);
  if (p.durationSeconds !== null) fields.push(`*Duration*\n${formatDuration(p.durationSeconds)}`);
  const blocks: Block[] = [
    { type: "section", text: { type: "mrkdwn", text: `*${escape(text)}*` } },
    { type: "section", fields: fields.slice(0, 10).map((f) => ({ type: "mrkdwn", text: f })) },
  ];
  if (p.reason) blocks.push({ type: "section", text: { type: "mrkdwn", text: `*Reason*\n${escape(p.reason.slice(0, 2900))}` } });
  if (p.error)
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: `*Error* \`${escape(p.error.code ?? "UNKNOWN")}\`\n${escape((p.error.message ?? "").slice(0, 2900))}` },
    });
  if (p.deployUrl) blocks.push({ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open the deploy" }, url: p.deployUrl }] });
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `dpl · ${p.at}` }] });
  return { text, blocks };
}
