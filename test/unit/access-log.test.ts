import type { AddressInfo } from 'node:net';
import express from 'express';
import { accessLog } from '../../src/http/access-log.js';
import { createLogger } from '../../src/logger.js';

interface AccessLine {
  level: number;
  msg: string;
  res: { status: number };
  err?: unknown;
}

describe('the access log line of an answer', () => {
  it('is a warning without a stack for a 503 (try again), an error for a 500, info for a client mistake or a success', async () => {
    const lines: string[] = [];
    const app = express();
    app.use(accessLog(createLogger({ level: 'debug', pretty: false, destination: { write: (line: string) => void lines.push(line) } })));
    app.get('/:status', (req, res) => void res.status(Number(req.params.status)).json({}));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      for (const status of [200, 404, 500, 503]) await fetch(`http://127.0.0.1:${port}/${status}`).then((res) => res.arrayBuffer());
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }

    const access = lines.map((line) => JSON.parse(line) as AccessLine);
    expect(access.map(({ res, level }) => [res.status, level])).toEqual([
      [200, 30],
      [404, 30],
      [500, 50],
      [503, 40],
    ]);
    const unavailable = access.find(({ res }) => res.status === 503)!;
    expect(unavailable.err).toBeUndefined();
    expect(JSON.stringify(unavailable)).not.toContain('stack');
  });
});
