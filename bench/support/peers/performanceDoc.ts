import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const START = '<!-- bench:peers:start (written by npm run bench:peers; edits inside are overwritten) -->';
const END = '<!-- bench:peers:end -->';

/** The machine a run measured: what the figures are relative to. */
export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.availableParallelism()} CPUs (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB memory, Node ${process.version}, ${os.type()} ${os.release()}`;
}

/**
 * Writes the run's section into docs/performance.md between the markers, leaving the rest of the document
 * (how to read it, the narrative, scaling) as written; creates the file with just the section when missing.
 */
export function writePeerSection(file: string, section: string): void {
  const block = `${START}\n${section.trim()}\n${END}`;
  if (!existsSync(file)) {
    writeFileSync(file, `# Performance\n\n${block}\n`);
    return;
  }
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  writeFileSync(file, start >= 0 && end > start ? `${text.slice(0, start)}${block}${text.slice(end + END.length)}` : `${text.trimEnd()}\n\n${block}\n`);
}
