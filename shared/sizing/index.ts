// Exchange 2010 sizing by Microsoft's documented method (shared/domain/sizing.md): inputs, formulas, worst failure
// case, storage layout and the report with its arithmetic.
export * from './constants';
export * from './profile';
export * from './method';
export * from './worstCase';
export * from './storage';
export * from './report';
export type * from './types';
