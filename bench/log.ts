/** Progress and diagnostics go to stderr so that `--json` keeps stdout parseable. */
export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export function seconds(since: number): string {
  return `${Math.round((performance.now() - since) / 1000)} s`;
}

export function thousands(n: number): string {
  return n.toLocaleString('en-US');
}
