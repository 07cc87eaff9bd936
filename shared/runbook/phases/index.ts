// The phase builders, in runbook order.
import type { GenerationContext } from './context';
import { preflightSteps } from './preflight';
import { prerequisiteSteps } from './prerequisites';
import { setupSteps } from './setup';
import { nlbSteps } from './nlb';
import { casArraySteps } from './casArray';
import { namespaceSteps } from './namespace';
import { mailFlowSteps } from './mailFlow';
import { dagSteps } from './dag';
import { databaseSteps } from './databases';
import { exchangeDatabaseSteps } from './exchangeDatabases';
import { verificationSteps } from './verification';

export const PHASE_BUILDERS: readonly ((ctx: GenerationContext) => void)[] = [
  preflightSteps,
  prerequisiteSteps,
  setupSteps,
  nlbSteps,
  casArraySteps,
  namespaceSteps,
  mailFlowSteps,
  dagSteps,
  databaseSteps,
  exchangeDatabaseSteps,
  verificationSteps,
];

export { GenerationContext, RunbookGenerationError, stepIds } from './context';
export type { StepDraft } from './context';
