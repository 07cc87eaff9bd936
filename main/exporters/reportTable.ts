// A table of the deployment document (bill of materials, sizing, namespace): what the PDF and Markdown print.
export interface ReportTable {
  readonly id: string;
  readonly title: string;
  /** What the table lists, in one sentence (shown under the title). */
  readonly caption: string;
  readonly columns: readonly string[];
  /** Relative widths of the columns (PDF); Markdown ignores them. */
  readonly widths: readonly number[];
  readonly rows: readonly (readonly string[])[];
  /** Shown instead of an empty table. */
  readonly empty: string;
  /** The first line of each cell of the first column is the object's name (printed bold). */
  readonly namedRows?: boolean;
}
