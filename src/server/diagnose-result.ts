/**
 * The result tree of `vault operator diagnose`, as Vault's vault/diagnose package builds it: each
 * check has a status, an optional message, warnings and advice, and children; a parent takes the
 * worst status of its children (failure over warning over success), skipped checks count for
 * nothing. Rendering and exit codes are the CLI's (src/cli/commands/operator/diagnose.ts).
 */
export type DiagnoseStatus = 'success' | 'warning' | 'failure' | 'skipped';

export interface DiagnoseResult {
  name: string;
  status: DiagnoseStatus;
  message?: string;
  warnings: string[];
  advice?: string;
  children: DiagnoseResult[];
}

const RANK: Record<DiagnoseStatus, number> = { skipped: -1, success: 0, warning: 1, failure: 2 };

/** One check being run: record its outcome, open sub-checks, then finish() the tree. */
export class Check {
  readonly result: DiagnoseResult;

  constructor(name: string) {
    this.result = { name, status: 'success', warnings: [], children: [] };
  }

  /** A sub-check (shown indented under this one). */
  child(name: string): Check {
    const c = new Check(name);
    this.result.children.push(c.result);
    return c;
  }

  ok(message?: string): this {
    if (message !== undefined) this.result.message = message;
    return this;
  }

  warn(message: string): this {
    this.result.warnings.push(message);
    if (RANK[this.result.status] < RANK.warning) this.result.status = 'warning';
    return this;
  }

  fail(message: string): this {
    this.result.status = 'failure';
    this.result.message = message;
    return this;
  }

  skip(message: string): this {
    this.result.status = 'skipped';
    this.result.message = message;
    return this;
  }

  advise(text: string): this {
    this.result.advice = text;
    return this;
  }

  get failed(): boolean {
    return finish(this.result) === 'failure';
  }

  /**
   * Runs `fn` as this check with a time limit; a throw or the deadline fails the check with the
   * error's message. Resolves to fn's value, or undefined when it failed.
   */
  async run<T>(fn: (check: this) => Promise<T>, timeoutMs: number): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000}s`)), timeoutMs);
    });
    try {
      return await Promise.race([fn(this), deadline]);
    } catch (err) {
      this.fail(err instanceof Error ? err.message : String(err));
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Bubbles the worst status up the tree (Vault's Result.finalize); returns the root's status. */
export function finish(result: DiagnoseResult): DiagnoseStatus {
  let worst = result.status;
  for (const child of result.children) {
    const s = finish(child);
    if (RANK[s] > RANK[worst]) worst = s;
  }
  if (RANK[worst] > RANK[result.status]) result.status = worst;
  return result.status;
}
