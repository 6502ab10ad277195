"use client";

import { useActionState, useState } from "react";
import { buttonClass, inputClass, labelClass } from "@/app/_components/button-class";
import { FormFeedback } from "@/app/_components/form-feedback";
import { createTokenAction, type CreateTokenState } from "./actions";

// A leaf: the new token comes back from the action once and lives only in this component's
// state; reloading the page forgets it for good.
export function CreateTokenForm() {
  const [state, formAction, pending] = useActionState<CreateTokenState, FormData>(createTokenAction, null);
  const [copied, setCopied] = useState(false);
  const token = state?.ok && "token" in state ? state.token : null;
  return (
    <div className="space-y-4">
      <form action={formAction} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_2fr_1fr_auto] lg:items-end">
        <div>
          <label htmlFor="token-name" className={labelClass}>
            Name
          </label>
          <input id="token-name" name="name" required maxLength={100} placeholder="GitHub Actions" className={`${inputClass} mt-1`} />
        </div>
        <div>
          <label htmlFor="token-role" className={labelClass}>
            Role
          </label>
          <select id="token-role" name="role" defaultValue="DEPLOYER" className={`${inputClass} mt-1`}>
            <option value="VIEWER">Viewer</option>
            <option value="DEPLOYER">Deployer</option>
            <option value="ADMIN">Admin</option>
          </select>
        </div>
        <div>
          <label htmlFor="token-environments" className={labelClass}>
            Environments <span className="font-normal text-slate-500">(comma-separated; empty = all unprotected)</span>
          </label>
          <input id="token-environments" name="environments" placeholder="takumi-srv-dev, takumi-srv-staging" className={`${inputClass} mt-1`} />
        </div>
        <div>
          <label htmlFor="token-expiry" className={labelClass}>
            Expires
          </label>
          <select id="token-expiry" name="expiresInDays" defaultValue="90" className={`${inputClass} mt-1`}>
            <option value="7">in 7 days</option>
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in a year</option>
            <option value="">never</option>
          </select>
        </div>
        <button type="submit" disabled={pending} className={buttonClass("primary")}>
          {pending ? "Creating…" : "Create token"}
        </button>
      </form>
      <div aria-live="polite">
        {token ? (
          <div className="rounded-lg border border-green-300 bg-green-50 p-3" data-testid="new-token">
            <p className="text-sm font-medium text-green-900">{state?.ok ? state.message : null}</p>
            <div className="mt-2 flex gap-2">
              <label htmlFor="new-token-value" className="sr-only">
                New API token
              </label>
              <input id="new-token-value" readOnly value={token} className={`${inputClass} font-mono`} onFocus={(event) => event.currentTarget.select()} />
              <button
                type="button"
                className={buttonClass("secondary")}
                onClick={() => {
                  void navigator.clipboard?.writeText(token).then(() => setCopied(true));
                }}
              >
                {copied ? "Copied" : "Copy"}
              </button>
            </div>
            <p className="mt-2 text-xs text-green-900">
              Use it as <code className="font-mono">DPL_TOKEN</code> in CI, or send <code className="font-mono">Authorization: Bearer …</code> to the API.
            </p>
          </div>
        ) : (
          <FormFeedback state={state && !("token" in state) ? state : null} />
        )}
      </div>
    </div>
  );
}
