// The rehearsal lab: simulated Windows / Exchange hosts built from a design, the effect of every step action on
// them, their checks, injected faults, and a Transport the executor runs a runbook against.
export { evaluateCheck } from './checks';
export type { CheckCall, CheckVerdict } from './checks';
export { applyEffect, whatIfLines } from './effects';
export type { EffectCall, EffectResult } from './effects';
export { FAULT_SYNTAX, formatFault, parseFault, parseFaults } from './faults';
export type { LabFault, LabFaultKind } from './faults';
export { LAB_FORMAT, createLabState, defaultDatabaseName, findHost } from './state';
export type { LabDag, LabDatabase, LabExecution, LabHost, LabNlbCluster, LabState } from './state';
export { DEFAULT_LAB_TIMING, LabTransport, failingLine } from './transport';
export type { LabTiming } from './transport';
export { LAB_FILE, LabWorld, faultProblems } from './world';
