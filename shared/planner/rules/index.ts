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
import { siteResilienceRules } from './siteResilience';
import { clientAccessRules } from './clientAccess';
import { transportRules } from './transport';
import { publicFolderRules } from './publicFolders';
import { coexistenceRules } from './coexistence';
import { namespaceRules } from './namespace';
import { mailFlowRules } from './mailFlow';

export const ALL_RULES: readonly Rule[] = [
  ...nameRules,
  ...serverRules,
  ...transportRules,
  ...deploymentRules,
  ...casArrayRules,
  ...clientAccessRules,
  ...nlbRules,
  ...hlbRules,
  ...dagRules,
  ...siteResilienceRules,
  ...databaseRules,
  ...publicFolderRules,
  ...coexistenceRules,
  ...haRules,
  ...sizingRules,
  ...namespaceRules,
  ...mailFlowRules,
];
