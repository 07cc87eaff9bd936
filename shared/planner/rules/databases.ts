import type { Rule } from '../types';

// Placeholder until this family's rules land (being written now).
export const databaseRules: readonly Rule[] = [];
