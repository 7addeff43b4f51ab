/** A labelled input; the label is the accessible name, a hint is tied by aria-describedby. */

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: string;
  type?: 'text' | 'password' | 'number';
  required?: boolean;
  autoComplete?: string;
  min?: number;
  inputMode?: 'numeric' | 'text';
  spellcheck?: boolean;
}

export function Field({ id, label, value, onValue, hint, type = 'text', ...rest }: FieldProps) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={id}
        // Preact 11 types inputs by a union on `type`; a variable type is one of ours, all valid.
        type={type as 'text'}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
        {...rest}
      />
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
