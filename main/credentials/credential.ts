// The account the executor connects with. The type itself lives with the Transport contract
// (main/executor/transport.ts: a Credential that cannot be serialised or logged with its password); this module
// builds one from what the admin typed, with clear refusals, and lists its secrets for redaction.
import { Credential } from '../executor/transport';

export { Credential };

export class CredentialInputError extends Error {
  readonly field: 'userName' | 'password';
  constructor(field: 'userName' | 'password', message: string) {
    super(message);
    this.name = 'CredentialInputError';
    this.field = field;
  }
}

export interface CredentialInput {
  readonly userName: string;
  readonly password: string;
  /** Also redact the user name from the journal and output. */
  readonly redactUserName?: boolean;
}

// DOMAIN\user, .\user, HOST\user or user@domain.fqdn. A bare "user" is refused: remoting to a domain member with a
// bare name authenticates as a local account of the TARGET, which is rarely what an Exchange admin means.
const DOWN_LEVEL_RE = /^[^\\/:*?"<>|@\s][^\\/:*?"<>|]*\\[^\\/:*?"<>|@]+$/;
const UPN_RE = /^[^@\s\\]+@[^@\s\\]+\.[^@\s\\]+$/;

/** A Credential from the admin's input; throws CredentialInputError naming the field and the fix. */
export function createCredential(input: CredentialInput): Credential {
  const userName = input.userName.trim();
  if (userName === '') {
    throw new CredentialInputError('userName', 'Enter the user name, e.g. CONTOSO\\administrator or administrator@contoso.local.');
  }
  if (!DOWN_LEVEL_RE.test(userName) && !UPN_RE.test(userName)) {
    throw new CredentialInputError(
      'userName',
      `"${userName}" is not a Windows account name: write it as DOMAIN\\user (e.g. CONTOSO\\administrator), .\\user for a ` +
        'local account of the target (an Edge Transport server outside the domain), or user@domain (e.g. administrator@contoso.local).',
    );
  }
  if (input.password === '') {
    throw new CredentialInputError(
      'password',
      `Enter the password of ${userName}: Windows refuses remote logons with an empty password.`,
    );
  }
  if (input.password.includes('\u0000')) {
    throw new CredentialInputError('password', 'The password contains a NUL character, which Windows cannot accept: re-type it.');
  }
  return new Credential({ userName, password: input.password, redactUserName: input.redactUserName });
}

/** Every string the executor's redactor must remove for this credential (the password; the user name when asked). */
export function secretsOf(credential: Credential): readonly string[] {
  const { exact, caseInsensitive } = credential.secrets();
  return [...exact, ...caseInsensitive];
}
