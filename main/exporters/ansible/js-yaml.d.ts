// The part of js-yaml 4's API the Ansible export uses (the package ships no types).
declare module 'js-yaml' {
  export interface TypeOptions {
    readonly kind: 'scalar' | 'sequence' | 'mapping';
    readonly instanceOf?: abstract new (...args: never[]) => unknown;
    readonly resolve?: (data: unknown) => boolean;
    readonly construct?: (data: unknown) => unknown;
    readonly represent?: (data: unknown) => unknown;
  }
  export class Type {
    constructor(tag: string, options: TypeOptions);
  }
  export class Schema {
    extend(types: readonly Type[]): Schema;
  }
  export const DEFAULT_SCHEMA: Schema;
  export const FAILSAFE_SCHEMA: Schema;
  export interface DumpOptions {
    readonly schema?: Schema;
    readonly lineWidth?: number;
    readonly noRefs?: boolean;
    readonly quotingType?: "'" | '"';
    readonly forceQuotes?: boolean;
    readonly sortKeys?: boolean;
    readonly indent?: number;
  }
  export interface LoadOptions {
    readonly schema?: Schema;
    readonly filename?: string;
  }
  export function dump(value: unknown, options?: DumpOptions): string;
  export function load(text: string, options?: LoadOptions): unknown;
  const yaml: { dump: typeof dump; load: typeof load; Type: typeof Type; DEFAULT_SCHEMA: Schema; FAILSAFE_SCHEMA: Schema };
  export default yaml;
}
