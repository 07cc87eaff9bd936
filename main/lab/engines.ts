// The two rehearsal engines behind one call: the TypeScript lab (applies each step's action) and pwsh (runs each
// step's real script and check in PowerShell 7 against the host double). Both act on the same lab world.
import type { Transport } from '../executor/transport';
import { HostDoubleTransport } from './double/transport';
import { LabTransport } from './transport';
import type { LabTiming } from './transport';
import type { LabWorld } from './world';

export type RehearsalEngine = 'lab' | 'pwsh';

export const REHEARSAL_ENGINES: readonly RehearsalEngine[] = ['lab', 'pwsh'];

/** pwsh could not be started for the pwsh engine (the message says how to install it). */
export class EngineStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineStartError';
  }
}

/** The engine's transport; the pwsh engine starts PowerShell now, so a missing pwsh is said before any step. */
export async function rehearsalTransport(engine: RehearsalEngine, world: LabWorld, timing: Partial<LabTiming> = {}): Promise<Transport> {
  if (engine === 'lab') return new LabTransport(world, timing);
  const transport = new HostDoubleTransport({ world, timing });
  try {
    await transport.prepare();
  } catch (error) {
    await transport.close();
    throw new EngineStartError(
      `The pwsh engine needs PowerShell 7: ${(error as Error).message} Install it (dotnet tool install --global PowerShell --version 7.6.10, then put $HOME/.dotnet/tools on PATH) or rehearse with the lab engine.`,
    );
  }
  return transport;
}

/** The engine a journaled run used: its transport kind ('pwsh' for the host double, else the TypeScript lab). */
export function engineOfTransport(kind: string | undefined): RehearsalEngine {
  return kind === 'pwsh' ? 'pwsh' : 'lab';
}
