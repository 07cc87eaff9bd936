// The deployment runbook: generation from a design, PowerShell rendering of each step, the whole-design .ps1 and
// the content hash.
export type * from './types';
export { PHASES } from './types';
export type { StepAction, StepActionKind, SetupRole } from './actions';
export { generateRunbook, buildSteps, orderSteps } from './generate';
export type { GenerateOptions, GenerateResult } from './generate';
export { renderAction, formatLagTime, setupRoleList } from './scripts';
export type { RenderedAction } from './scripts';
export { renderPs1 } from './ps1';
export type { Ps1Options } from './ps1';
export { canonicalJson, runbookContentHash } from './hash';
export { RunbookGenerationError, stepIds } from './phases';
