// Types for preflight-plan.mjs (a plain script, so that it runs before anything is built).
export interface Requirement {
  name: string;
  path: string;
  pkg: string;
  why: string;
}
export type PreflightPlan =
  | { action: 'none' }
  | { action: 'install'; packages: string[]; command: string; sudo: boolean }
  | { action: 'stop'; packages: string[]; reason: string; command: string | null };
export const REQUIREMENTS: Requirement[];
export function aptCommand(packages: string[], options?: { sudo?: boolean }): string;
export function planPreflight(machine: {
  missing: string[];
  debian: boolean;
  root: boolean;
  sudo: boolean;
}): PreflightPlan;
