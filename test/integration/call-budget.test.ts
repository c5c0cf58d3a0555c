import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { migrate } from '../../src/db/migrate.js';
import { ormOptions } from '../../src/db/orm-options.js';
import { createLogger } from '../../src/logger.js';
import { spendBudget } from '../../src/services/call-budget.js';
import { createOwnDatabase } from '../support/database.js';

/**
 * A provider's limit per IP address (Delhivery's 750 tracking calls per 5 minutes) is shared by
 * every seller and every Sutra process: two processes (two ORMs, two pools) spending one budget
 * together must never pass it in any window.
 */
describe('a deployment-wide call budget', () => {
  let db: { url: string; drop(): Promise<void> };
  let first: MikroORM;
  let second: MikroORM;

  beforeAll(async () => {
    db = await createOwnDatabase('call-budget');
    first = await MikroORM.init(ormOptions({ url: db.url, poolMax: 2 }));
    await migrate(first, createLogger({ level: 'silent', pretty: false }));
    second = await MikroORM.init(ormOptions({ url: db.url, poolMax: 2 }));
  });
  afterAll(async () => {
    await second.close();
    await first.close();
    await db.drop();
  });

  it('lets two processes make at most `limit` calls in any window between them, waiting for the window to slide', async () => {
    const name = `test:${randomUUID()}`;
    const limit = 4;
    const windowMs = 1_200;
    const started = Date.now();
    const madeAt: number[] = [];
    const call = async (orm: MikroORM) => {
      await spendBudget(orm, name, limit, windowMs);
      madeAt.push(Date.now());
    };
    await Promise.all(Array.from({ length: 10 }, (_, i) => call(i % 2 ? first : second)));
    madeAt.sort((a, b) => a - b);
    // The first four go at once; ten calls at four a window need two more windows.
    expect(madeAt[limit - 1]! - started).toBeLessThan(windowMs / 2);
    expect(madeAt.at(-1)! - started).toBeGreaterThanOrEqual(2 * windowMs - 50);
    for (const at of madeAt) expect(madeAt.filter((t) => t > at - windowMs + 50 && t <= at).length).toBeLessThanOrEqual(limit);
  });

  it('refuses a request larger than the whole budget instead of waiting for ever', async () => {
    await expect(spendBudget(first, 'test:too-many', 3, 1_000, 4)).rejects.toThrow(/4 calls cannot fit a budget of 3/);
  });
});
