#!/usr/bin/env node
// The `extopo` command. Runs the TypeScript CLI through tsx, so it works on a fresh clone after `npm ci`.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const { main } = await import(fileURLToPath(new URL('../main/cli/index.ts', import.meta.url)));
process.exitCode = await main(process.argv.slice(2));
