// Remembered credentials on disk: ONE file holding nothing but the ciphertext the injected encryptor produced
// (Electron's safeStorage in the app: DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux; a test double in
// tests). No header, no user names, no plain text of any kind. When the system offers no real encryption the vault
// refuses to write, and says why.
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { atomicWriteFile } from '../files/atomicWrite';

/** The vault file is readable and writable by its owner only. */
const OWNER_ONLY = 0o600;

/** What the vault needs from Electron's safeStorage (the same method names, so safeStorage fits as is). */
export interface SecretEncryptor {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron: 'basic_text' means a hard-coded key, i.e. no protection. */
  getSelectedStorageBackend?(): string;
}

export class CredentialPersistenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialPersistenceError';
  }
}

/** One remembered credential, as the vault stores it (inside the ciphertext). */
export interface VaultEntry {
  readonly key: string;
  readonly userName: string;
  readonly password: string;
  readonly redactUserName: boolean;
}

const FORMAT = 'extopo-credentials';
const VERSION = 1;
/** Backends that encrypt with a key anyone can read. */
const PLAIN_TEXT_BACKENDS = new Set(['basic_text']);

const fileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  entries: z.array(z.object({ key: z.string(), userName: z.string(), password: z.string(), redactUserName: z.boolean() })),
});

export class CredentialVault {
  readonly path: string;
  readonly #encryptor: SecretEncryptor;

  constructor(path: string, encryptor: SecretEncryptor) {
    this.path = path;
    this.#encryptor = encryptor;
  }

  /** Why credentials cannot be remembered on this system, or null when they can. */
  unavailableReason(): string | null {
    if (!this.#encryptor.isEncryptionAvailable()) {
      return 'this system offers no encryption for stored secrets (no OS keychain is available to ExTopo)';
    }
    const backend = this.#encryptor.getSelectedStorageBackend?.();
    if (backend !== undefined && PLAIN_TEXT_BACKENDS.has(backend)) {
      return `the only secret store available is "${backend}", which does not protect them (install and unlock a keyring such as GNOME Keyring or KWallet)`;
    }
    return null;
  }

  /** Replaces the file with these entries (deletes it when there are none). Throws CredentialPersistenceError when it may not. */
  async save(entries: readonly VaultEntry[]): Promise<void> {
    if (entries.length === 0) {
      await this.clear();
      return;
    }
    const reason = this.unavailableReason();
    if (reason !== null) {
      throw new CredentialPersistenceError(`ExTopo cannot remember the credential: ${reason}. It is kept for this session only.`);
    }
    const plain = JSON.stringify({ format: FORMAT, version: VERSION, entries });
    const cipher = this.#encryptor.encryptString(plain);
    if (Buffer.from(cipher).includes(Buffer.from(plain, 'utf8'))) {
      throw new CredentialPersistenceError('ExTopo cannot remember the credential: the encryptor returned the text unchanged. It is kept for this session only.');
    }
    await fs.mkdir(dirname(this.path), { recursive: true });
    await atomicWriteFile(this.path, cipher, { mode: OWNER_ONLY });
  }

  /** The remembered entries ([] when nothing is remembered). Throws CredentialPersistenceError when the file cannot be read back. */
  async load(): Promise<VaultEntry[]> {
    let cipher: Buffer;
    try {
      cipher = await fs.readFile(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    if (!this.#encryptor.isEncryptionAvailable()) {
      throw new CredentialPersistenceError(
        `The remembered credentials in ${this.path} cannot be decrypted now: this system offers no encryption for stored secrets. Enter the credentials again.`,
      );
    }
    let parsed: z.infer<typeof fileSchema>;
    try {
      parsed = fileSchema.parse(JSON.parse(this.#encryptor.decryptString(cipher)));
    } catch {
      throw new CredentialPersistenceError(
        `The remembered credentials in ${this.path} could not be decrypted (the file is damaged, or it was written by another user or machine). ` +
          'Forget them and enter the credentials again.',
      );
    }
    return parsed.entries;
  }

  /** Deletes the file. */
  async clear(): Promise<void> {
    await fs.rm(this.path, { force: true });
  }
}
