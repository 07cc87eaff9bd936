// Inventory of a running Exchange 2010 organization: its file format, the import into a design, and drift.
export * from './schema';
export * from './import';
export * from './drift';
