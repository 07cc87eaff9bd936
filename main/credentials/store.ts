// Credentials held for the app's session, in memory only — asked for at run time (the UI or CLI collects them), and
// written to disk only when the admin asks ExTopo to remember one AND a vault with real encryption is available.
import { Credential } from './credential';
import { CredentialPersistenceError } from './vault';
import type { CredentialVault, VaultEntry } from './vault';

export interface StoredCredential {
  readonly key: string;
  readonly credential: Credential;
  readonly remembered: boolean;
}

export class CredentialStore {
  readonly #vault: CredentialVault | null;
  readonly #entries = new Map<string, { credential: Credential; remembered: boolean }>();

  /** `vault`: where remembered credentials go; without one nothing is ever written. */
  constructor(vault: CredentialVault | null = null) {
    this.#vault = vault;
  }

  /** Why remembering is impossible here (no vault, no encryption), or null. */
  rememberUnavailableReason(): string | null {
    if (this.#vault === null) return 'no place to remember credentials was configured';
    return this.#vault.unavailableReason();
  }

  /** Loads the remembered credentials (keeps any already entered for the same key). Returns how many it loaded. */
  async load(): Promise<number> {
    if (this.#vault === null) return 0;
    let loaded = 0;
    for (const entry of await this.#vault.load()) {
      if (this.#entries.has(entry.key)) continue;
      const credential = new Credential({ userName: entry.userName, password: entry.password, redactUserName: entry.redactUserName });
      this.#entries.set(entry.key, { credential, remembered: true });
      loaded++;
    }
    return loaded;
  }

  get(key: string): Credential | undefined {
    return this.#entries.get(key)?.credential;
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  isRemembered(key: string): boolean {
    return this.#entries.get(key)?.remembered ?? false;
  }

  list(): StoredCredential[] {
    return [...this.#entries].map(([key, e]) => ({ key, credential: e.credential, remembered: e.remembered }));
  }

  /**
   * Holds a credential under `key` (e.g. the design's organization). `remember` (default: as before) also writes it
   * to the vault; when that is refused the credential is still held for the session and the
   * CredentialPersistenceError says why it was not remembered.
   */
  async set(key: string, credential: Credential, options: { readonly remember?: boolean } = {}): Promise<void> {
    const wasRemembered = this.isRemembered(key);
    const remember = options.remember ?? wasRemembered;
    this.#entries.set(key, { credential, remembered: false });
    if (!remember && !wasRemembered) return;
    if (remember) {
      if (this.#vault === null) {
        throw new CredentialPersistenceError('ExTopo cannot remember the credential: no place to remember credentials was configured. It is kept for this session only.');
      }
      this.#entries.set(key, { credential, remembered: true });
    }
    try {
      await this.#persist();
    } catch (error) {
      this.#entries.set(key, { credential, remembered: false });
      throw error;
    }
  }

  /** Drops a credential from memory and from the vault. */
  async forget(key: string): Promise<void> {
    const entry = this.#entries.get(key);
    this.#entries.delete(key);
    if (entry?.remembered) await this.#persist();
  }

  /** Forgets every credential in memory (the remembered file stays). */
  clearSession(): void {
    this.#entries.clear();
  }

  async #persist(): Promise<void> {
    if (this.#vault === null) return;
    const entries: VaultEntry[] = [];
    for (const [key, e] of this.#entries) {
      if (!e.remembered) continue;
      entries.push({ key, userName: e.credential.userName, password: e.credential.password(), redactUserName: e.credential.redactsUserName });
    }
    await this.#vault.save(entries);
  }
}
