/**
 * The Prometheus text format read by a real parser: the Prometheus project's Python client
 * (`prometheus_client.parser`), in the repository's .venv (the same one the hvac conformance suite
 * uses; test/support/python-venv.sh makes it, before vitest under `npm test`, or here when a test
 * file is run alone).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.js';

const PYTHON = join(ROOT, '.venv/bin/python');

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: string;
  samples: Sample[];
}

let ready = false;

function ensureParser(): void {
  if (ready) return;
  const works = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import prometheus_client'], { stdio: 'ignore' }).status === 0;
  if (!works) execFileSync('bash', [join(ROOT, 'test/support/python-venv.sh')], { stdio: 'inherit' });
  ready = true;
}

export function parsePrometheusText(text: string): Family[] {
  ensureParser();
  const out = execFileSync(PYTHON, [join(ROOT, 'test/support/parse_prometheus.py')], { input: text, encoding: 'utf8' });
  return JSON.parse(out) as Family[];
}

/** The value of one sample (a family's sample by name and matching labels), or undefined. */
export function sampleValue(families: Family[], name: string, labels: Record<string, string> = {}): number | undefined {
  for (const f of families) {
    for (const s of f.samples) {
      if (s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)) return s.value;
    }
  }
  return undefined;
}

/** A counter's value: the parser names a counter's sample `<name>_total` (OpenMetrics), as Prometheus reads it. */
export function counterValue(families: Family[], name: string, labels: Record<string, string> = {}): number | undefined {
  return sampleValue(families, `${name}_total`, labels) ?? sampleValue(families, name, labels);
}

export function familyOf(families: Family[], name: string): Family | undefined {
  return families.find((f) => f.name === name);
}
