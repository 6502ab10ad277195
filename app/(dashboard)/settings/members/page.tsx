import type { Metadata } from "next";
import { ActionForm } from "@/app/_components/action-form";
import { inputClass } from "@/app/_components/button-class";
import { Card } from "@/app/_components/card";
import { Pill } from "@/app/_components/badges";
import { RelativeTime } from "@/app/_components/relative-time";
import { listMembers } from "@/lib/auth/members";
import { changeRoleAction, changeStatusAction } from "./actions";
import { adminOrNull, NeedsAdmin } from "./needs-admin";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const actor = await adminOrNull("open /settings/members");
  if (!actor) return <NeedsAdmin what="members" />;
  const members = await listMembers(actor);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Members</h1>
        <p className="mt-1 text-sm text-slate-600">
          Everyone who has signed in. New members start as viewers; changes apply on their next request and are recorded in the audit log.
        </p>
      </div>
      <Card padded={false}>
        <div className="overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2">
                  Member
                </th>
                <th scope="col" className="px-4 py-2">
                  Role
                </th>
                <th scope="col" className="px-4 py-2">
                  Last seen
                </th>
                <th scope="col" className="px-4 py-2">
                  Status
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {members.map((member) => {
                const label = member.name ?? member.email ?? member.id;
                const self = actor.type === "USER" && actor.userId === member.id;
                return (
                  <tr key={member.id} data-testid={`member-${member.email}`} className={member.disabledAt ? "bg-slate-50 text-slate-500" : ""}>
                    <td className="px-4 py-3">
                      <div className="font-medium text-slate-900">
                        {label}
                        {self ? <span className="ml-1 text-xs font-normal text-slate-500">(you)</span> : null}
                      </div>
                      <div className="text-xs text-slate-500">{member.email}</div>
                    </td>
                    <td className="px-4 py-3">
                      <ActionForm action={changeRoleAction} submitLabel="Save" pendingLabel="Saving…" inline>
                        <input type="hidden" name="userId" value={member.id} />
                        <label className="sr-only" htmlFor={`role-${member.id}`}>
                          Role of {label}
                        </label>
                        <select id={`role-${member.id}`} name="role" defaultValue={member.role} className={inputClass.replace("w-full", "w-36")}>
                          <option value="VIEWER">Viewer</option>
                          <option value="DEPLOYER">Deployer</option>
                          <option value="ADMIN">Admin</option>
                        </select>
                      </ActionForm>
                    </td>
                    <td className="px-4 py-3 whitespace-nowrap text-slate-600">{member.lastSeenAt ? <RelativeTime date={member.lastSeenAt} /> : "never"}</td>
                    <td className="px-4 py-3">
                      <div className="flex flex-wrap items-center gap-2">
                        {member.disabledAt ? <Pill tone="bad">Disabled</Pill> : <Pill tone="ok">Active</Pill>}
                        <ActionForm
                          action={changeStatusAction}
                          submitLabel={member.disabledAt ? "Enable" : "Disable"}
                          variant={member.disabledAt ? "secondary" : "ghost"}
                          inline
                        >
                          <input type="hidden" name="userId" value={member.id} />
                          <input type="hidden" name="disabled" value={member.disabledAt ? "false" : "true"} />
                        </ActionForm>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
