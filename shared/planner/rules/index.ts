// Every planner rule, in the catalogue's order. Each family lives in its own file.
import type { Rule } from '../types';
import { nameRules } from './names';
import { serverRules } from './servers';
import { casArrayRules } from './casArrays';
import { nlbRules } from './nlb';
import { hlbRules } from './hlb';
import { dagRules } from './dag';
import { databaseRules } from './databases';
import { haRules } from './ha';
import { sizingRules } from './sizing';
import { deploymentRules } from './deployment';

export const ALL_RULES: readonly Rule[] = [
  ...nameRules,
  ...serverRules,
  ...deploymentRules,
  ...casArrayRules,
  ...nlbRules,
  ...hlbRules,
  ...dagRules,
  ...databaseRules,
  ...haRules,
  ...sizingRules,
];
