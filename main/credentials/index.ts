// Credentials for real runs: typed in at run time, held in memory, optionally remembered through an OS encryptor.
export { Credential, CredentialInputError, createCredential, secretsOf } from './credential';
export type { CredentialInput } from './credential';
export { CredentialStore } from './store';
export type { StoredCredential } from './store';
export { CredentialVault, CredentialPersistenceError } from './vault';
export type { SecretEncryptor, VaultEntry } from './vault';
