import type { BuildOptions } from 'esbuild';

export function fingerprint(files: string[], options: unknown, cwd?: string): string;
export function cachedBuild(args: {
  name: string;
  options: BuildOptions;
  stampFile: string;
  extraFiles?: string[];
  force?: boolean;
  cwd?: string;
  log?: (line: string) => void;
}): Promise<'skipped' | 'built'>;
