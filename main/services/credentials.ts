// The credentials.* channels: credentials for real runs, held in memory by a CredentialStore and remembered
// (encrypted by the OS, through the vault) only when asked and possible. What crosses back to the renderer is an id
// and a user name: never a password.
import { randomBytes } from 'node:crypto';
import type { Response } from '../../shared/ipc/contract';
import { CredentialInputError, CredentialPersistenceError, createCredential } from '../credentials';
import type { Credential, CredentialStore } from '../credentials';
import { ServiceError } from '../ipc/errors';

export interface CredentialServiceOptions {
  /**
   * Said when the admin asks to remember a credential and the store has no vault (the browser host): why nothing
   * is written. Default: the store's own reason.
   */
  readonly noVaultMessage?: string;
}

/** The browser host's answer to "remember": it has no OS keychain to encrypt with. */
export const BROWSER_REMEMBER_REFUSAL =
  'The browser host cannot remember credentials: it has no OS keychain to encrypt them with (the desktop app uses Windows DPAPI, the macOS Keychain or the Linux secret service), and ExTopo never writes a password unencrypted. The credential is kept in memory until the host stops.';

export class CredentialService {
  readonly #store: CredentialStore;
  readonly #noVaultMessage: string | null;
  /** Why the remembered credentials could not be loaded (a damaged vault, no encryption now), or null. */
  #loadProblem: string | null = null;

  constructor(store: CredentialStore, options: CredentialServiceOptions = {}) {
    this.#store = store;
    this.#noVaultMessage = options.noVaultMessage ?? null;
  }

  /** Loads the remembered credentials (Electron, once the app is ready). Never throws: a problem is kept for list(). */
  async load(): Promise<number> {
    try {
      this.#loadProblem = null;
      return await this.#store.load();
    } catch (error) {
      this.#loadProblem = error instanceof Error ? error.message : String(error);
      return 0;
    }
  }

  /** The credential behind an id (for the run service), or undefined. */
  get(credentialId: string): Credential | undefined {
    return this.#store.get(credentialId);
  }

  /** The user name behind an id, or null. */
  userOf(credentialId: string): string | null {
    return this.#store.get(credentialId)?.userName ?? null;
  }

  /** Every password held (for redacting run reports, as a second line of defence behind the executor's redactor). */
  held(): readonly Credential[] {
    return this.#store.list().map((c) => c.credential);
  }

  #unavailableReason(): string | null {
    const reason = this.#store.rememberUnavailableReason();
    if (reason === null) return null;
    if (this.#noVaultMessage !== null && reason.startsWith('no place to remember')) return this.#noVaultMessage;
    return `ExTopo cannot remember credentials here: ${reason}.`;
  }

  async set(request: { readonly user: string; readonly password: string; readonly remember: boolean }): Promise<Response<'credentials.set'>> {
    let credential: Credential;
    try {
      credential = createCredential({ userName: request.user, password: request.password });
    } catch (error) {
      if (error instanceof CredentialInputError) throw new ServiceError(error.message, [], 'invalid');
      throw error;
    }
    // The same account entered again replaces the one held (one entry per user name).
    const existing = this.#store.list().find((c) => c.credential.userName.toLowerCase() === credential.userName.toLowerCase());
    const credentialId = existing?.key ?? `cred-${randomBytes(6).toString('hex')}`;
    let notice: string | null = null;
    if (request.remember && this.#unavailableReason() !== null) {
      await this.#store.set(credentialId, credential, { remember: false });
      notice = this.#unavailableReason();
    } else {
      try {
        await this.#store.set(credentialId, credential, { remember: request.remember });
      } catch (error) {
        if (!(error instanceof CredentialPersistenceError)) throw error;
        notice = error.message;
      }
    }
    return { credentialId, user: credential.userName, remembered: this.#store.isRemembered(credentialId), notice };
  }

  list(): Response<'credentials.list'> {
    return {
      credentials: this.#store.list().map((c) => ({ credentialId: c.key, user: c.credential.userName, remembered: c.remembered })),
      rememberUnavailableReason: this.#loadProblem ?? this.#unavailableReason(),
    };
  }

  async forget(credentialId: string): Promise<Response<'credentials.forget'>> {
    if (!this.#store.has(credentialId)) return { forgotten: false };
    try {
      await this.#store.forget(credentialId);
    } catch (error) {
      if (error instanceof CredentialPersistenceError) throw new ServiceError(error.message, [], 'invalid');
      throw error;
    }
    return { forgotten: true };
  }
}
