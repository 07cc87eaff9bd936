// Inspector fields with inline validation: a text or number field keeps its draft while it is invalid (the error
// shows under it), commits on Enter or when it loses focus, and shows the command's refusal when the edit is refused.
import { useLayoutEffect, useRef, useState } from 'react';
import type { ReactNode, RefObject } from 'react';
import type { z } from 'zod';

export type Validate = (value: string) => string | null;
/** Applies a value; returns the refusal reason, or null when it was applied. */
export type Commit<T> = (value: T) => string | null;

export function zodCheck(schema: z.ZodType): Validate {
  return (value) => {
    const r = schema.safeParse(value);
    return r.success ? null : (r.error.issues[0]?.message ?? 'invalid value');
  };
}

interface TextFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onCommit: Commit<string>;
  readonly validate?: Validate;
  /** Non-blocking advice (the planner will also say it). */
  readonly warn?: (value: string) => string | null;
  readonly testId?: string;
  readonly placeholder?: string;
  readonly hint?: string;
  /** The accessible name when `label` is empty (else taken from the table column the field sits in). */
  readonly ariaLabel?: string;
  /** A unit shown after the value (a number in a table cell, whose column header is its label). */
  readonly suffix?: string;
}

/**
 * The accessible name of a field without a visible label, as a table cell under a column header: the header (its
 * title when it has one, e.g. "Activation preference" for "Pref.") and the row (its first cell's text, or its number),
 * "Priority, EX3" or "From, row 2". Set on the element after each render (the header is only known in the DOM).
 */
function useCellName(ref: RefObject<HTMLElement | null>, enabled: boolean): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!enabled || !el) return;
    const cell = el.closest('td');
    const row = cell?.parentElement;
    const table = cell?.closest('table');
    if (!cell || !row || !table) return;
    const column = [...row.children].indexOf(cell);
    const th = table.querySelector('thead tr')?.children[column];
    const header = (th?.getAttribute('title') || th?.textContent || '').trim();
    const first = row.children[0];
    const rowName = first && first !== cell && !first.querySelector('input, select, textarea') ? (first.textContent ?? '').trim() : '';
    const name = [header, rowName || `row ${[...(row.parentElement?.children ?? [])].indexOf(row) + 1}`].filter(Boolean).join(', ');
    if (name && el.getAttribute('aria-label') !== name) el.setAttribute('aria-label', name);
  });
}

function Message({ error, warning, hint }: { error: string | null; warning: string | null; hint?: string }) {
  if (error) return <span className="field-error" data-testid="field-error">{error}</span>;
  if (warning) return <span className="field-warning">{warning}</span>;
  return hint ? <span className="field-hint">{hint}</span> : null;
}

export function TextField({ label, value, onCommit, validate, warn, testId, placeholder, hint, ariaLabel, suffix }: TextFieldProps) {
  const input = useRef<HTMLInputElement>(null);
  useCellName(input, label === '' && ariaLabel === undefined);
  const [draft, setDraft] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const text = draft ?? value;
  const error = draft !== null ? (validate?.(draft) ?? null) : null;
  const apply = () => {
    if (draft === null || error) return;
    if (draft === value) {
      setDraft(null);
      return;
    }
    const reason = onCommit(draft);
    setRefusal(reason);
    if (reason === null) setDraft(null);
  };
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        ref={input}
        aria-label={ariaLabel}
        value={text}
        placeholder={placeholder}
        onChange={(e) => {
          setDraft(e.target.value);
          setRefusal(null);
        }}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
          if (e.key === 'Escape') {
            setDraft(null);
            setRefusal(null);
          }
        }}
        aria-invalid={error !== null || refusal !== null}
        data-testid={testId}
      />
      {suffix ? (
        <span className="unit" aria-hidden="true">
          {suffix}
        </span>
      ) : null}
      <Message error={error ?? refusal} warning={warn?.(text) ?? null} hint={hint} />
    </label>
  );
}

interface NumberFieldProps {
  readonly label: string;
  readonly value: number | undefined;
  readonly onCommit: Commit<number | undefined>;
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  /** Empty means "not set" (undefined) instead of an error. */
  readonly optional?: boolean;
  readonly unit?: string;
  readonly testId?: string;
  readonly warn?: (value: number) => string | null;
  readonly ariaLabel?: string;
}

export function NumberField({ label, value, onCommit, min, max, integer, optional, unit, testId, warn, ariaLabel }: NumberFieldProps) {
  const validate: Validate = (text) => {
    if (text.trim() === '') return optional ? null : 'enter a number';
    const n = Number(text);
    if (!Number.isFinite(n)) return 'enter a number';
    if (integer && !Number.isInteger(n)) return 'enter a whole number';
    if (min !== undefined && n < min) return `at least ${min}`;
    if (max !== undefined && n > max) return `at most ${max}`;
    return null;
  };
  return (
    <TextField
      label={unit && label !== '' ? `${label} (${unit})` : label}
      value={value === undefined ? '' : String(value)}
      validate={validate}
      warn={warn ? (t) => (t.trim() === '' || !Number.isFinite(Number(t)) ? null : warn(Number(t))) : undefined}
      onCommit={(t) => onCommit(t.trim() === '' ? undefined : Number(t))}
      testId={testId}
      ariaLabel={ariaLabel}
      suffix={label === '' ? unit : undefined}
    />
  );
}

interface SelectFieldProps<T extends string> {
  readonly label: string;
  readonly value: T;
  readonly options: readonly { value: T; label: string }[];
  readonly onCommit: Commit<T>;
  readonly testId?: string;
  readonly ariaLabel?: string;
}

export function SelectField<T extends string>({ label, value, options, onCommit, testId, ariaLabel }: SelectFieldProps<T>) {
  const select = useRef<HTMLSelectElement>(null);
  useCellName(select, label === '' && ariaLabel === undefined);
  const [refusal, setRefusal] = useState<string | null>(null);
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select ref={select} aria-label={ariaLabel} value={value} onChange={(e) => setRefusal(onCommit(e.target.value as T))} data-testid={testId}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Message error={refusal} warning={null} />
    </label>
  );
}

export function CheckField({ label, checked, onCommit, testId, hint, ariaLabel }: { label: string; checked: boolean; onCommit: Commit<boolean>; testId?: string; hint?: string; ariaLabel?: string }) {
  const box = useRef<HTMLInputElement>(null);
  useCellName(box, label === '' && ariaLabel === undefined);
  const [refusal, setRefusal] = useState<string | null>(null);
  return (
    <label className="field check">
      <input ref={box} aria-label={ariaLabel} type="checkbox" checked={checked} onChange={(e) => setRefusal(onCommit(e.target.checked))} data-testid={testId} />
      <span className="field-label">{label}</span>
      <Message error={refusal} warning={null} hint={hint} />
    </label>
  );
}

interface AddPickerProps {
  /** The first, empty choice ("Add a NIC on…"). */
  readonly placeholder: string;
  readonly ariaLabel: string;
  readonly options: readonly { value: string; label: string }[];
  readonly buttonLabel: string;
  /** Adds the chosen option; returns the refusal reason, or null when it was added. */
  readonly onAdd: Commit<string>;
}

/** A picker and an Add button: adds the chosen option and shows the command's refusal under them. */
export function AddPicker({ placeholder, ariaLabel, options, buttonLabel, onAdd }: AddPickerProps) {
  const [adding, setAdding] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  return (
    <>
      <div className="row-actions">
        <select value={adding} onChange={(e) => setAdding(e.target.value)} aria-label={ariaLabel}>
          <option value="">{placeholder}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={adding === ''}
          onClick={() => {
            setRefusal(onAdd(adding));
            setAdding('');
          }}
        >
          {buttonLabel}
        </button>
      </div>
      {refusal ? <span className="field-error">{refusal}</span> : null}
    </>
  );
}

/** The × that removes one row of a list (a NIC, a port rule, a database copy, …). */
export function RemoveButton({ title, onClick, disabled }: { title: string; onClick: () => void; disabled?: boolean }) {
  return (
    <button type="button" className="icon" title={title} aria-label={title} disabled={disabled} onClick={onClick}>
      <span aria-hidden="true">×</span>
    </button>
  );
}

/** An inspector section; `field` names the model property it edits, for "go there" (renderer/app/goTo.ts). */
export function Section({ title, children, actions, field }: { title: string; children: ReactNode; actions?: ReactNode; field?: string }) {
  return (
    <section className="inspector-section" data-field={field}>
      <h4>
        {title}
        {actions ? <span className="section-actions">{actions}</span> : null}
      </h4>
      {children}
    </section>
  );
}
