// Interim entry point until the deploy engine's worker lands (issue 4): the foundation has
// no jobs to run yet. The engine replaces this file with the graphile-worker runner.
export async function startBackground(): Promise<{ stop(): Promise<void> }> {
  return { stop: async () => {} };
}
