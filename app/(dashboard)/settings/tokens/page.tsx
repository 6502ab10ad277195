import type { Metadata } from "next";
import { ActionForm } from "@/app/_components/action-form";
import { Pill } from "@/app/_components/badges";
import { Card } from "@/app/_components/card";
import { EmptyState } from "@/app/_components/empty-state";
import { RelativeTime } from "@/app/_components/relative-time";
import { listApiTokens, type TokenRow } from "@/lib/auth/members";
import { revokeTokenAction } from "./actions";
import { CreateTokenForm } from "./create-token-form";
import { adminOrNull, NeedsAdmin } from "../members/needs-admin";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const actor = await adminOrNull("open /settings/tokens");
  if (!actor) return <NeedsAdmin what="API tokens" />;
  const tokens = await listApiTokens(actor);
  const now = new Date();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">API tokens</h1>
        <p className="mt-1 text-sm text-slate-600">
          For the dpl CLI and CI. A token acts with its role, only on its environments; a protected environment must be listed explicitly. Use is recorded in
          the audit log under the token and its creator.
        </p>
      </div>
      <Card title="New token">
        <CreateTokenForm />
      </Card>
      {tokens.length === 0 ? (
        <EmptyState title="No API tokens yet">Create one above and give it to your CI as DPL_TOKEN.</EmptyState>
      ) : (
        <Card padded={false} title="Tokens">
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="px-4 py-2">
                    Token
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Role
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Environments
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Created
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Last used
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Status
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {tokens.map((token) => (
                  <tr key={token.id} data-testid={`token-${token.name}`} className={token.revokedAt ? "text-slate-500" : ""}>
                    <td className="px-4 py-3">
                      <div className="font-medium text-slate-900">{token.name}</div>
                      <div className="font-mono text-xs text-slate-500">{token.prefix}…</div>
                    </td>
                    <td className="px-4 py-3">{token.role.toLowerCase()}</td>
                    <td className="px-4 py-3">
                      {token.environments.length ? (
                        <span className="font-mono text-xs">{token.environments.join(", ")}</span>
                      ) : (
                        <span className="text-slate-500">all unprotected</span>
                      )}
                    </td>
                    <td className="px-4 py-3 whitespace-nowrap">
                      <RelativeTime date={token.createdAt} />
                      <div className="text-xs text-slate-500">by {token.createdBy}</div>
                    </td>
                    <td className="px-4 py-3 whitespace-nowrap">{token.lastUsedAt ? <RelativeTime date={token.lastUsedAt} /> : "never"}</td>
                    <td className="px-4 py-3">
                      <TokenStatus token={token} now={now} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
    </div>
  );
}

function TokenStatus({ token, now }: { token: TokenRow; now: Date }) {
  if (token.revokedAt) return <Pill tone="idle">Revoked</Pill>;
  const expired = token.expiresAt !== null && token.expiresAt <= now;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {expired ? <Pill tone="bad">Expired</Pill> : <Pill tone="ok">Active</Pill>}
      {token.expiresAt && !expired ? (
        <span className="text-xs text-slate-500">
          expires <RelativeTime date={token.expiresAt} />
        </span>
      ) : null}
      <ActionForm action={revokeTokenAction} submitLabel="Revoke" variant="ghost" inline>
        <input type="hidden" name="tokenId" value={token.id} />
      </ActionForm>
    </div>
  );
}
