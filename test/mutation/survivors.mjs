// Lists the mutants that were not killed in the last run (reports/mutation/mutation.json), one a line:
// file:line:col status mutator `original` → `replacement`. [REPORT=path] node test/mutation/survivors.mjs [FILE-SUBSTRING]
import { readFileSync } from 'node:fs';

const filter = process.argv[2] ?? '';
const report = JSON.parse(readFileSync(process.env.REPORT ?? 'reports/mutation/mutation.json', 'utf8'));
for (const [name, file] of Object.entries(report.files)) {
  if (!name.includes(filter)) continue;
  const lines = file.source.split('\n');
  for (const m of file.mutants) {
    if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
    const { start, end } = m.location;
    const original =
      start.line === end.line
        ? lines[start.line - 1].slice(start.column - 1, end.column - 1)
        : `${lines[start.line - 1].slice(start.column - 1)}…`;
    const short = (s) => (s.length > 100 ? `${s.slice(0, 100)}…` : s).replace(/\s+/g, ' ');
    console.log(`${name}:${start.line}:${start.column} ${m.status} ${m.mutatorName} \`${short(original)}\` → \`${short(m.replacement ?? '')}\``);
  }
}
