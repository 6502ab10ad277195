import { ActionForm } from "@/app/_components/action-form";
import { LockIcon } from "@/app/_components/badges";
import { inputClass, labelClass } from "@/app/_components/button-class";
import { Card } from "@/app/_components/card";
import { RelativeTime } from "@/app/_components/relative-time";
import type { OpenLock } from "@/lib/db/queries/environments";
import { lockAction, unlockAction } from "../actions";

export function LockCard({ environment, lock, canLock, canUnlock }: { environment: string; lock: OpenLock | null; canLock: boolean; canUnlock: boolean }) {
  return (
    <Card id="lock" title="Lock" className={lock ? "border-amber-300" : ""}>
      {lock ? (
        <div className="space-y-3">
          <div className="flex gap-2 rounded-md bg-amber-50 p-3 text-sm text-amber-950 ring-1 ring-inset ring-amber-200">
            <LockIcon className="mt-0.5 h-4 w-4 shrink-0" />
            <div>
              <p className="font-semibold">Locked by {lock.authorName}</p>
              <p className="mt-0.5 break-words">{lock.reason}</p>
              <p className="mt-1 text-xs text-amber-900">
                Since <RelativeTime date={lock.createdAt} />
                {lock.expiresAt ? (
                  <>
                    {" "}
                    · expires <RelativeTime date={lock.expiresAt} />
                  </>
                ) : (
                  " · until unlocked"
                )}
              </p>
            </div>
          </div>
          <p className="text-xs text-slate-600">Deploys are refused while locked; rollbacks still go through.</p>
          {canUnlock ? (
            <ActionForm action={unlockAction} submitLabel="Unlock" pendingLabel="Unlocking…">
              <input type="hidden" name="environment" value={environment} />
            </ActionForm>
          ) : (
            <p className="text-xs text-slate-500">Only {lock.authorName} or an admin can lift this lock.</p>
          )}
        </div>
      ) : canLock ? (
        <ActionForm action={lockAction} submitLabel="Lock environment" pendingLabel="Locking…">
          <input type="hidden" name="environment" value={environment} />
          <p className="text-xs text-slate-600">Not locked. A lock stops new deploys (not rollbacks) until it is lifted.</p>
          <div>
            <label htmlFor="lock-reason" className={labelClass}>
              Reason
            </label>
            <input id="lock-reason" name="reason" required maxLength={500} className={`mt-1 ${inputClass}`} placeholder="e.g. investigating checkout errors" />
          </div>
          <div>
            <label htmlFor="lock-expiry" className={labelClass}>
              Expires after (hours, optional)
            </label>
            <input id="lock-expiry" name="expiresInHours" type="number" min="0.25" step="0.25" max="720" className={`mt-1 w-32 ${inputClass}`} />
          </div>
        </ActionForm>
      ) : (
        <p className="text-sm text-slate-600">Not locked.</p>
      )}
    </Card>
  );
}
