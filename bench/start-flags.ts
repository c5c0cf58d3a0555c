import { readFileSync } from 'node:fs';

/**
 * The node flags `npm start` runs Sutra with, from package.json's start script (the Docker
 * image gives the same ones, test/unit/node-flags.test.ts checks it): the benches start
 * Sutra's processes with them, so what they measure is what a deployment runs.
 * Read from the working directory, which npm and jest both set to the repository's root.
 */
export function startFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
  const command = /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+dist\/main\.js/.exec(scripts.start ?? '');
  if (!command) throw new Error(`package.json's start script does not run "node [flags] dist/main.js": ${scripts.start}`);
  return command[1]!.trim().split(/\s+/).filter(Boolean);
}
