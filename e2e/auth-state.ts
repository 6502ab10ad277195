// Where e2e/auth.setup.ts saves each role's signed-in browser state.
export type DemoRole = "viewer" | "deployer" | "admin";

export function storageStateFor(role: DemoRole): string {
  return `e2e/.auth/${role}.json`;
}
