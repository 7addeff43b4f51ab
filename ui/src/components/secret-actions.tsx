/**
 * Copy and download buttons for secrets shown once (key shares, the root token). The download is a
 * Blob under a blob: URL of this origin: nothing leaves the browser, the CSP needs no exception.
 */
import { useState } from 'preact/hooks';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <span class="copy">
      <button type="button" class="small" onClick={() => void copy()} aria-label={label}>
        Copy
      </button>
      <span class="copy-state" role="status">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select and copy by hand' : ''}
      </span>
    </span>
  );
}

export function DownloadButton({ data, filename, children }: { data: string; filename: string; children: string }) {
  const download = (): void => {
    const url = URL.createObjectURL(new Blob([data], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <button type="button" onClick={download}>
      {children}
    </button>
  );
}
