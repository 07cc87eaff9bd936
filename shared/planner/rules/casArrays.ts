import type { Rule } from '../types';

// Placeholder until this family's rules land (being written now).
export const casArrayRules: readonly Rule[] = [];
