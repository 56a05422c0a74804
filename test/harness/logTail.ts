import * as fs from 'node:fs';

/** The last `lines` lines of a log file, for failure reports; never throws. */
export function logTail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return `(no log at ${file})`;
  }
}
