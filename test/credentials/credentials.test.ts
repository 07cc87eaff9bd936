// Credentials: typed in at run time, held in memory, remembered only as ciphertext through an injected encryptor
// (Electron's safeStorage in the app; a real AES-GCM double here), refused where no real encryption exists.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CredentialInputError,
  CredentialPersistenceError,
  CredentialStore,
  CredentialVault,
  createCredential,
  secretsOf,
} from '../../main/credentials';
import type { SecretEncryptor } from '../../main/credentials';
import { Redactor } from '../../main/executor/redact';

const PASSWORD = 'Winter2026!Exchange';

/** An encryptor like safeStorage: real encryption under a key the file never holds. */
function aesEncryptor(options: { available?: boolean; backend?: string } = {}): SecretEncryptor & { calls: number } {
  const key = randomBytes(32);
  const double = {
    calls: 0,
    isEncryptionAvailable: () => options.available ?? true,
    encryptString(plain: string): Buffer {
      double.calls++;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(data: Buffer): string {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    },
    ...(options.backend === undefined ? {} : { getSelectedStorageBackend: () => options.backend as string }),
  };
  return double;
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'extopo-creds-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The password in every encoding it could be written in. */
function plainForms(text: string): Buffer[] {
  return [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le'), Buffer.from(Buffer.from(text).toString('base64')), Buffer.from(Buffer.from(text).toString('hex'))];
}

describe('entering a credential', () => {
  it('accepts DOMAIN\\user, .\\user and user@domain', () => {
    for (const userName of ['CONTOSO\\administrator', '.\\Administrator', 'EDGE01\\admin', 'admin@contoso.local']) {
      expect(createCredential({ userName, password: PASSWORD }).userName).toBe(userName);
    }
  });

  it('refuses a bare user name, an empty one and an empty password, saying how to write it', () => {
    expect(() => createCredential({ userName: 'administrator', password: PASSWORD })).toThrow(/write it as DOMAIN\\user/);
    expect(() => createCredential({ userName: '  ', password: PASSWORD })).toThrow(CredentialInputError);
    const empty = (() => {
      try {
        createCredential({ userName: 'CONTOSO\\admin', password: '' });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(empty).toBeInstanceOf(CredentialInputError);
    expect((empty as CredentialInputError).field).toBe('password');
    expect((empty as Error).message).toBe('Enter the password of CONTOSO\\admin: Windows refuses remote logons with an empty password.');
  });

  it('never shows the password when printed or serialised', () => {
    const c = createCredential({ userName: 'CONTOSO\\admin', password: PASSWORD });
    expect(JSON.stringify(c)).not.toContain(PASSWORD);
    expect(inspect(c)).not.toContain(PASSWORD);
    expect(String(c)).not.toContain(PASSWORD);
  });

  it('secretsOf lists what the redactor must remove', () => {
    expect(secretsOf(createCredential({ userName: 'CONTOSO\\admin', password: PASSWORD }))).toEqual([PASSWORD]);
    const hidden = createCredential({ userName: 'CONTOSO\\svc-deploy', password: PASSWORD, redactUserName: true });
    expect(secretsOf(hidden)).toEqual([PASSWORD, 'CONTOSO\\svc-deploy', 'svc-deploy']);
    const redactor = new Redactor();
    for (const s of secretsOf(hidden)) redactor.addSecret(s);
    expect(redactor.text(`logon CONTOSO\\svc-deploy with '${PASSWORD}'`)).toBe("logon [redacted] with '[redacted]'");
  });
});

describe('the credential store', () => {
  it('holds credentials in memory only unless asked to remember', async () => {
    const dir = tempDir();
    const encryptor = aesEncryptor();
    const store = new CredentialStore(new CredentialVault(join(dir, 'credentials.bin'), encryptor));
    await store.set('contoso', createCredential({ userName: 'CONTOSO\\admin', password: PASSWORD }));
    expect(store.get('contoso')?.password()).toBe(PASSWORD);
    expect(store.isRemembered('contoso')).toBe(false);
    expect(filesUnder(dir)).toEqual([]);
    expect(encryptor.calls).toBe(0);
  });

  it('remembers as ciphertext only, and a new store reads it back', async () => {
    const dir = tempDir();
    const encryptor = aesEncryptor();
    const path = join(dir, 'credentials.bin');
    const store = new CredentialStore(new CredentialVault(path, encryptor));
    await store.set('contoso', createCredential({ userName: 'CONTOSO\\admin', password: PASSWORD }), { remember: true });
    await store.set('edge', createCredential({ userName: '.\\Administrator', password: 'Edge-Only-Pw' }));
    expect(store.isRemembered('contoso')).toBe(true);

    const files = filesUnder(dir);
    expect(files).toEqual([path]);
    const bytes = readFileSync(path);
    for (const secret of [PASSWORD, 'CONTOSO\\admin', 'contoso', 'Edge-Only-Pw']) {
      for (const form of plainForms(secret)) expect(bytes.includes(form), `${secret} in the file`).toBe(false);
    }
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);

    const again = new CredentialStore(new CredentialVault(path, encryptor));
    expect(await again.load()).toBe(1);
    expect(again.get('contoso')?.userName).toBe('CONTOSO\\admin');
    expect(again.get('contoso')?.password()).toBe(PASSWORD);
    expect(again.has('edge')).toBe(false);
  });

  it('refuses to remember when the system has no encryption, and keeps the credential for the session', async () => {
    const dir = tempDir();
    const store = new CredentialStore(new CredentialVault(join(dir, 'credentials.bin'), aesEncryptor({ available: false })));
    expect(store.rememberUnavailableReason()).toMatch(/no encryption/);
    const attempt = store.set('contoso', createCredential({ userName: 'CONTOSO\\admin', password: PASSWORD }), { remember: true });
    await expect(attempt).rejects.toThrow(CredentialPersistenceError);
    await expect(attempt).rejects.toThrow('It is kept for this session only.');
    expect(store.get('contoso')?.password()).toBe(PASSWORD);
    expect(store.isRemembered('contoso')).toBe(false);
    expect(filesUnder(dir)).toEqual([]);
  });

  it("refuses Linux's plain-text backend (basic_text) as no protection", async () => {
    const dir = tempDir();
    const vault = new CredentialVault(join(dir, 'credentials.bin'), aesEncryptor({ backend: 'basic_text' }));
    await expect(vault.save([{ key: 'k', userName: 'CONTOSO\\a', password: PASSWORD, redactUserName: false }])).rejects.toThrow(/"basic_text", which does not protect them/);
    expect(filesUnder(dir)).toEqual([]);
    expect(new CredentialVault(join(dir, 'x.bin'), aesEncryptor({ backend: 'gnome_libsecret' })).unavailableReason()).toBeNull();
  });

  it('refuses an encryptor that returns the text unchanged', async () => {
    const dir = tempDir();
    const identity: SecretEncryptor = { isEncryptionAvailable: () => true, encryptString: (t) => Buffer.from(t), decryptString: (b) => b.toString() };
    const vault = new CredentialVault(join(dir, 'credentials.bin'), identity);
    await expect(vault.save([{ key: 'k', userName: 'CONTOSO\\a', password: PASSWORD, redactUserName: false }])).rejects.toThrow(/returned the text unchanged/);
    expect(filesUnder(dir)).toEqual([]);
  });

  it('forgetting removes it from disk (the file goes when nothing is remembered)', async () => {
    const dir = tempDir();
    const path = join(dir, 'credentials.bin');
    const encryptor = aesEncryptor();
    const store = new CredentialStore(new CredentialVault(path, encryptor));
    await store.set('a', createCredential({ userName: 'CONTOSO\\a', password: 'pw-a-123' }), { remember: true });
    await store.set('b', createCredential({ userName: 'CONTOSO\\b', password: 'pw-b-456' }), { remember: true });
    await store.forget('a');
    const reread = new CredentialStore(new CredentialVault(path, encryptor));
    await reread.load();
    expect(reread.list().map((e) => e.key)).toEqual(['b']);
    await store.set('b', store.get('b')!, { remember: false });
    expect(filesUnder(dir)).toEqual([]);
  });

  it('says what to do when the remembered file cannot be decrypted', async () => {
    const dir = tempDir();
    const path = join(dir, 'credentials.bin');
    await new CredentialVault(path, aesEncryptor()).save([{ key: 'k', userName: 'CONTOSO\\a', password: PASSWORD, redactUserName: false }]);
    // Another machine's key (or a damaged file).
    await expect(new CredentialStore(new CredentialVault(path, aesEncryptor())).load()).rejects.toThrow(/could not be decrypted .* Forget them and enter the credentials again/);
    writeFileSync(path, 'garbage');
    await expect(new CredentialVault(path, aesEncryptor()).load()).rejects.toThrow(CredentialPersistenceError);
    expect(await new CredentialVault(join(dir, 'missing.bin'), aesEncryptor()).load()).toEqual([]);
  });

  it('without a vault, remembering is refused and nothing is written', async () => {
    const store = new CredentialStore();
    expect(store.rememberUnavailableReason()).toMatch(/no place/);
    await expect(store.set('k', createCredential({ userName: 'CONTOSO\\a', password: PASSWORD }), { remember: true })).rejects.toThrow(CredentialPersistenceError);
    expect(store.get('k')?.password()).toBe(PASSWORD);
  });
});
