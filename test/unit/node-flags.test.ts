import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { startFlags } from '../../bench/start-flags.js';

const MiB = 1024 * 1024;

/**
 * Sutra runs with a bounded young generation and an old generation that grows 1.6× its live
 * size between full collections instead of 4× (README "Performance"): `npm start` gives node
 * the flags, the Docker image the same ones through NODE_OPTIONS, and this node takes them.
 */
describe("the node flags Sutra's process runs with", () => {
  const dockerOptions = /^ENV NODE_OPTIONS="([^"]*)"$/m.exec(readFileSync('Dockerfile', 'utf8'))?.[1];

  it('are the same for npm start and the Docker image', () => {
    expect(startFlags()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^--max-semi-space-size=\d+$/), expect.stringMatching(/^--max-old-space-size=\d+$/)]),
    );
    expect(dockerOptions?.split(' ')).toEqual(startFlags());
  });

  it('bound the heap below the size past which V8 lets the old generation grow 4× its live size', async () => {
    const flag = (name: string) =>
      Number(
        startFlags()
          .find((f) => f.startsWith(`--${name}=`))!
          .split('=')[1],
      );
    const { stdout } = await promisify(execFile)(process.execPath, [...startFlags(), '-p', 'require("node:v8").getHeapStatistics().heap_size_limit']);
    // V8's limit: the old generation, plus the young one's two semi-spaces and its large-object space.
    expect(Number(stdout) / MiB).toBe(flag('max-old-space-size') + 3 * flag('max-semi-space-size'));
    // Below 2 GiB of old generation (1 GiB × V8's pointer multiplier on 64-bit), V8 grows it at most 1.3–2× between full collections.
    expect(flag('max-old-space-size')).toBeLessThan(2048);
  });
});
