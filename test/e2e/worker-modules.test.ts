import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSutraProcess, type SutraProcess } from '../support/process.js';

/** The API's own packages: a process that serves GraphQL needs them, a worker never does. */
const API_PACKAGES = ['@apollo/server', 'graphql', 'type-graphql', 'graphql-ws'];

/**
 * A worker (ROLE=worker) keeps only what running jobs needs in memory: the code it loads is
 * heap that V8 lets grow several times over between full collections. Each process here
 * runs with a module hook that names, on stderr, every package it loads.
 */
describe('the modules a process loads for its role', () => {
  let dir: string;
  const processes: SutraProcess[] = [];
  const loaded = (p: SutraProcess) => new Set(p.stderr.filter((l) => l.startsWith('loaded package ')).map((l) => l.slice('loaded package '.length)));
  const start = async (role: string) => {
    const env = { ROLE: role, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(join(dir, 'hook.mjs')).href}` };
    const started = await startSutraProcess(env);
    processes.push(started);
    return started;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sutra-modules-'));
    // module.register's hooks see every import the ESM code makes (Node 20.6 and later).
    await writeFile(join(dir, 'hook.mjs'), "import { register } from 'node:module';\nregister('./resolve.mjs', import.meta.url);\n");
    await writeFile(
      join(dir, 'resolve.mjs'),
      `const seen = new Set();
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const name = /\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(resolved.url)?.[1];
  if (name && !seen.has(name)) {
    seen.add(name);
    process.stderr.write('loaded package ' + name + '\\n');
  }
  return resolved;
}
`,
    );
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill()));
    await rm(dir, { recursive: true, force: true });
  });

  it('a worker loads none of the API, which an API process does load', async () => {
    const [worker, api] = await Promise.all([start('worker'), start('api')]);
    // The worker's probes answer: it is fully started, not caught before it loads the rest.
    expect((await fetch(`http://127.0.0.1:${worker.port}/readyz`)).status).toBe(200);
    expect(loaded(worker)).toContain('agenda');
    for (const name of API_PACKAGES) {
      expect(loaded(api)).toContain(name);
      expect(loaded(worker)).not.toContain(name);
    }
  }, 90_000);
});
