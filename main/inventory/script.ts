// Where the inventory script ships (powershell/inventory/Get-ExTopoInventory.ps1): the source checkout (tsx, vitest,
// the CLI build in out/cli) or out/powershell/inventory when the app build copies it there.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const INVENTORY_SCRIPT_NAME = 'Get-ExTopoInventory.ps1';

export function inventoryScriptPath(): string {
  const candidates = [new URL('../../powershell/inventory/', import.meta.url), new URL('../powershell/inventory/', import.meta.url)];
  const tried: string[] = [];
  for (const candidate of candidates) {
    const path = join(fileURLToPath(candidate), INVENTORY_SCRIPT_NAME);
    if (existsSync(path)) return path;
    tried.push(path);
  }
  throw new Error(`The inventory script (powershell/inventory/${INVENTORY_SCRIPT_NAME}) is missing from this installation of ExTopo (looked for ${tried.join(' and ')}).`);
}

/** The script's text, with Windows line ends (it runs on Windows PowerShell 2.0). */
export function inventoryScriptText(): string {
  return readFileSync(inventoryScriptPath(), 'utf8').replace(/\r?\n/g, '\r\n');
}
