"use client";

import { useActionState, type ReactNode } from "react";
import type { ActionState } from "./action-state";
import { FormFeedback } from "./form-feedback";
import { buttonClass, type ButtonVariant } from "./button-class";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

// A small form for one server action (lock, unlock, cancel, refresh, settings): the fields
// come from the server component that uses it; this leaf only adds the pending state and
// the action's answer.
export function ActionForm({
  action,
  children,
  submitLabel,
  pendingLabel,
  variant = "secondary",
  className = "",
  inline = false,
  readOnly = false,
}: {
  action: Action;
  children?: ReactNode;
  submitLabel: string;
  pendingLabel?: string;
  variant?: ButtonVariant;
  className?: string;
  inline?: boolean;
  /** Show the fields without a submit button (someone who may read but not change). */
  readOnly?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className={`${inline ? "flex flex-wrap items-end gap-2" : "space-y-3"} ${className}`}>
      {children}
      {readOnly ? null : (
        <button type="submit" disabled={pending} className={buttonClass(variant)}>
          {pending ? (pendingLabel ?? `${submitLabel}…`) : submitLabel}
        </button>
      )}
      <div className={inline ? "basis-full" : ""} aria-live="polite">
        <FormFeedback state={state} />
      </div>
    </form>
  );
}
