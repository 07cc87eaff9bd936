// Design edit commands: pure functions (document, arguments) → new document, or the reason the edit is refused.
// Undo/redo, autosave and the tests all rest on this: an edit is data in, data out.
export * from './types';
export * from './entities';
export * from './naming';
export * from './add';
export * from './connect';
export * from './remove';
export * from './move';
export * from './update';
export * from './clipboard';
export * from './nlb';
export * from './document';
