import Link from "next/link";
import type { ActionState } from "./action-state";

/** The outcome of a form's action, announced to screen readers; errors say what to do next. */
export function FormFeedback({ state, id }: { state: ActionState; id?: string }) {
  if (!state) return null;
  if (state.ok) {
    return state.message ? (
      <p id={id} role="status" className="text-sm text-green-800">
        {state.message}
      </p>
    ) : null;
  }
  const fieldMessages = Object.entries(state.fieldErrors ?? {}).flatMap(([field, messages]) => (messages ?? []).map((message) => `${field}: ${message}`));
  return (
    <div id={id} role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p>{state.message}</p>
      {fieldMessages.length > 0 ? (
        <ul className="mt-1 list-disc pl-5">
          {fieldMessages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
      {state.link ? (
        <p className="mt-1">
          <Link href={state.link.href} className="font-medium underline underline-offset-2">
            {state.link.label}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
