export * from './catalogue';
export type * from './types';
export { buildContext } from './context';
export type { PlannerContext } from './context';
export { planDesign, runRules } from './engine';
export { ALL_RULES } from './rules';
