/**
 * A plain-text editor for code (a policy's HCL) with a line-numbered gutter. When the server
 * points at a line (a parse error), that line is marked in the gutter and with a band across the
 * text, the textarea is aria-invalid and described by the message, and the caret moves to that
 * line with the line scrolled into view. The textarea grows with its text so the gutter and the
 * text scroll together in one box; lines do not wrap (numbers stay on their lines).
 */
import { useEffect, useRef } from 'preact/hooks';
import { lineRange } from './line-range.js';

interface CodeEditorProps {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  /** 1-based line to mark, when the server named one. */
  errorLine?: number | undefined;
  /** The id of the element holding the server's message, when it refused the text (aria-invalid, aria-describedby). */
  errorId?: string | undefined;
  /** Changes with each refusal (the messages' array): the line is selected again even when it is the same. */
  errorKey?: unknown;
  hint?: string;
  readOnly?: boolean;
}

export function CodeEditor({ id, label, value, onValue, errorLine, errorId, errorKey, hint, readOnly = false }: CodeEditorProps) {
  const area = useRef<HTMLTextAreaElement>(null);
  const band = useRef<HTMLDivElement>(null);
  const lines = value.split('\n').length;
  const marked = errorLine !== undefined && errorLine >= 1 && errorLine <= lines ? errorLine : undefined;

  useEffect(() => {
    const ta = area.current;
    if (marked === undefined || !ta) return;
    const [start, end] = lineRange(ta.value, marked);
    ta.focus();
    ta.setSelectionRange(start, end);
    band.current?.scrollIntoView({ block: 'nearest' });
    // Only when the server answers: typing afterwards must not move the caret.
  }, [errorKey]);

  const described = [errorId, hint ? `${id}-hint` : undefined].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <div class="code">
        <div class="gutter" aria-hidden="true">
          {Array.from({ length: lines }, (_, i) => (
            <div key={i} class={i + 1 === marked ? 'ln bad' : 'ln'} data-testid={i + 1 === marked ? 'error-line' : undefined}>
              {i + 1}
            </div>
          ))}
        </div>
        <div class="code-main">
          {marked !== undefined ? <div ref={band} class="line-band" aria-hidden="true" style={{ top: `calc(${marked - 1} * 1.5rem + 0.5rem)` }} /> : null}
          <textarea
            ref={area}
            id={id}
            name={id}
            class="code-input"
            rows={lines + 1}
            wrap="off"
            spellcheck={false}
            autoComplete="off"
            autoCapitalize="off"
            readOnly={readOnly}
            value={value}
            onInput={(e) => onValue(e.currentTarget.value)}
            aria-invalid={errorId !== undefined ? 'true' : undefined}
            aria-describedby={described || undefined}
          />
        </div>
      </div>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
