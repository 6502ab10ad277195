// What every server action of the dashboard returns to the form that called it.
export type ActionState =
  | { ok: true; message?: string }
  | { ok: false; message: string; code?: string; fieldErrors?: Record<string, string[] | undefined>; link?: { href: string; label: string } }
  | null;
