// Moved to main/files/atomicWrite (the vault, the executor and the lab write atomically too); kept so that
// main/services/index.ts, which another change is editing, still resolves. Import from ../files/atomicWrite.
export { BACKUP_SUFFIX, atomicWriteFile } from '../files/atomicWrite';
