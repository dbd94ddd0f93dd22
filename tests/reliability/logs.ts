/** pino's JSON lines from a child's stderr (other lines, such as a crash trace, are skipped). */
export interface LogLine {
  level: number;
  msg: string;
  source?: string;
  [key: string]: unknown;
}

export function logLines(output: string): LogLine[] {
  const out: LogLine[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as LogLine);
    } catch {
      // a line cut short by a kill
    }
  }
  return out;
}
