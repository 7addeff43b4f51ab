// Turns Stryker's reports/mutation/mutation.json into reports/mutation/summary.json (per module and per
// group: mutants, killed, timeout, survived, no-coverage, score) and prints the README's table.
// A narrowed run (--mutate) updates only the files it mutated; the others keep their last result.
// `node test/mutation/summary.mjs --print` prints the table from summary.json without reading a report.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { groups } from './stryker.config.mjs';

const REPORT = `reports/mutation/${process.env.MUTATION_REPORT ?? 'mutation'}.json`;
const SUMMARY = 'reports/mutation/summary.json';

const printOnly = process.argv.includes('--print');
const report = printOnly ? { files: {} } : JSON.parse(readFileSync(REPORT, 'utf8'));
const previous = existsSync(SUMMARY) ? JSON.parse(readFileSync(SUMMARY, 'utf8')) : { files: {} };
const date = new Date().toISOString().slice(0, 10);
const files = { ...previous.files };

for (const [name, file] of Object.entries(report.files)) {
  const c = { mutants: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0 };
  for (const m of file.mutants) {
    switch (m.status) {
      case 'Killed': c.killed++; break;
      case 'Timeout': c.timeout++; break;
      case 'Survived': c.survived++; break;
      case 'NoCoverage': c.noCoverage++; break;
      case 'Ignored': c.ignored++; continue;
      default: c.errors++; continue; // CompileError, RuntimeError: not valid mutants
    }
    c.mutants++;
  }
  files[name.replace(/\\/g, '/')] = { ...c, score: score(c), date };
}

function score(c) {
  return c.mutants === 0 ? null : Math.round((1000 * (c.killed + c.timeout)) / c.mutants) / 10;
}

const groupRows = {};
for (const [group, members] of Object.entries(groups)) {
  const c = { mutants: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0 };
  for (const f of members) for (const k of Object.keys(c)) c[k] += files[f]?.[k] ?? 0;
  groupRows[group] = { ...c, score: score(c), files: members };
}
if (!printOnly) writeFileSync(SUMMARY, JSON.stringify({ generated: date, files, groups: groupRows }, null, 2) + '\n');

const fmt = (s) => (s === null ? '–' : `${s.toFixed(1)} %`);
const lines = ['| module | mutants | killed | survived | no coverage | score |', '| --- | ---: | ---: | ---: | ---: | ---: |'];
for (const [group, g] of Object.entries(groupRows)) {
  lines.push(`| **${group}** | **${g.mutants}** | **${g.killed + g.timeout}** | **${g.survived}** | **${g.noCoverage}** | **${fmt(g.score)}** |`);
  for (const f of g.files) {
    const r = files[f];
    if (!r) { lines.push(`| \`${f}\` | not run | | | | |`); continue; }
    lines.push(`| \`${f}\` | ${r.mutants} | ${r.killed + r.timeout} | ${r.survived} | ${r.noCoverage} | ${fmt(r.score)} |`);
  }
}
console.log(`\n${SUMMARY} (killed includes timeouts):\n\n${lines.join('\n')}\n`);
