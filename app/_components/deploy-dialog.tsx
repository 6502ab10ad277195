"use client";

import { useActionState, useId, useRef, useState } from "react";
import type { ActionState } from "./action-state";
import { buttonClass, inputClass, labelClass } from "./button-class";
import { FormFeedback } from "./form-feedback";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

// The big red button and its confirmation. A native <dialog> opened with showModal() makes
// the rest of the page inert (focus stays inside, Escape closes). A protected environment
// asks for its name; the server checks the same confirmation again, this only saves a trip.
export function DeployDialog({
  action,
  kind,
  environment,
  isProtected,
  hidden,
  from,
  to,
  buttonLabel,
  big = false,
  disabled = false,
}: {
  action: Action;
  kind: "deploy" | "rollback";
  environment: string;
  isProtected: boolean;
  hidden: Record<string, string>;
  from: string | null;
  to: string;
  buttonLabel: string;
  big?: boolean;
  disabled?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, formAction, pending] = useActionState(action, null);
  const [typed, setTyped] = useState("");
  const ids = useId();
  const confirmed = !isProtected || typed === environment;
  const title = kind === "rollback" ? `Roll back ${environment}?` : `Deploy to ${environment}?`;
  const reasonError = state && !state.ok ? state.fieldErrors?.reason?.[0] : undefined;
  const confirmError = state && !state.ok ? state.fieldErrors?.confirmation?.[0] : undefined;

  return (
    <>
      <button
        type="button"
        disabled={disabled}
        onClick={() => dialog.current?.showModal()}
        className={buttonClass(kind === "rollback" && !big ? "secondary" : "danger", big ? "px-5 py-2.5 text-base" : "")}
      >
        {buttonLabel}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`${ids}-title`}
        className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-xl bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-slate-900/50"
      >
        <form action={formAction} className="space-y-4 p-5">
          {Object.entries(hidden).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <h2 id={`${ids}-title`} className="text-lg font-semibold">
            {title}
          </h2>
          <dl className="grid grid-cols-[5rem_1fr] gap-x-3 gap-y-1 rounded-md bg-slate-50 p-3 text-sm">
            <dt className="text-slate-500">From</dt>
            <dd className="truncate font-mono">{from ?? "nothing yet"}</dd>
            <dt className="text-slate-500">To</dt>
            <dd className="truncate font-mono font-semibold">{to}</dd>
          </dl>
          <div>
            <label htmlFor={`${ids}-reason`} className={labelClass}>
              Reason {kind === "rollback" ? "(required)" : "(optional)"}
            </label>
            <textarea
              id={`${ids}-reason`}
              name="reason"
              rows={2}
              required={kind === "rollback"}
              maxLength={500}
              autoFocus
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={reasonError ? `${ids}-reason-error` : undefined}
              className={`mt-1 ${inputClass}`}
              placeholder={kind === "rollback" ? "What went wrong?" : "Why this deploy, for the history"}
            />
            {reasonError ? (
              <p id={`${ids}-reason-error`} className="mt-1 text-xs text-red-700">
                {reasonError}
              </p>
            ) : null}
          </div>
          {kind === "rollback" ? (
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" name="lock" defaultChecked className="mt-0.5 h-4 w-4 rounded border-slate-300" />
              <span>
                Lock {environment} afterwards
                <span className="block text-xs text-slate-500">So a CI deploy does not silently undo the rollback. Untick to leave it unlocked.</span>
              </span>
            </label>
          ) : null}
          {isProtected ? (
            <div>
              <label htmlFor={`${ids}-confirm`} className={labelClass}>
                {environment} is protected. Type <span className="font-mono font-semibold text-slate-900">{environment}</span> to confirm.
              </label>
              <input
                id={`${ids}-confirm`}
                name="confirmation"
                autoComplete="off"
                spellCheck={false}
                value={typed}
                onChange={(event) => setTyped(event.target.value)}
                aria-invalid={confirmError ? true : undefined}
                className={`mt-1 font-mono ${inputClass}`}
              />
              {confirmError ? <p className="mt-1 text-xs text-red-700">{confirmError}</p> : null}
            </div>
          ) : null}
          <div aria-live="polite">
            <FormFeedback state={state} />
          </div>
          <div className="flex flex-wrap justify-end gap-2 pt-1">
            <button type="button" className={buttonClass("secondary")} onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" disabled={!confirmed || pending} className={buttonClass("danger")}>
              {pending ? "Starting…" : kind === "rollback" ? `Roll back ${environment}` : `Deploy to ${environment}`}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
