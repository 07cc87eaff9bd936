// How a password reaches the local PowerShell process without ever being written as text to its command stream.
//
// Choice: each process gets a fresh random AES-256 key through an environment variable set ONLY for that child
// (spawn options; ExTopo's own process.env is not touched). The driver reads the key once at start and removes the
// variable. A credential is then sent as an ordinary request whose user name and password are AES-256-CBC ciphertext
// under that key; the driver decrypts the password into a byte/char array, copies it into a SecureString, clears the
// arrays and builds a PSCredential.
//
// Why not the alternatives:
// - Password on stdin (e.g. a here-string into ConvertTo-SecureString): stdin IS node-powershell's command channel,
//   and it keeps every command in `shell.history` and prints it with DEBUG=… — the password would sit in memory and
//   possibly in a log as plain text.
// - Password in an environment variable: fixed at spawn, so every credential the admin enters later (the Edge
//   server's local account, a re-typed password after an access-denied) would need a new process; and a process's
//   environment stays readable for its lifetime. The key alone is useless without the ciphertext, the ciphertext
//   useless without the key, and both die with the process (a restarted process gets a new key and the credentials
//   are sent again).
import { createCipheriv, randomBytes } from 'node:crypto';

const KEY_BYTES = 32;
const IV_BYTES = 16;

export interface SealedText {
  readonly iv: string;
  readonly cipher: string;
}

/** A fresh per-process key. */
export function newSessionKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** AES-256-CBC with PKCS7 padding (the .NET Aes defaults the driver uses) of the text's UTF-8 bytes. */
export function seal(key: Buffer, text: string): SealedText {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const plain = Buffer.from(text, 'utf8');
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  plain.fill(0);
  return { iv: iv.toString('base64'), cipher: sealed.toString('base64') };
}
