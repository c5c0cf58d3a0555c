import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { User } from '../../src/domain/index.js';
import { migrate } from '../../src/db/migrate.js';
import { ormOptions } from '../../src/db/orm-options.js';
import { createAgenda, type Scheduler } from '../../src/jobs/agenda.js';
import { PROFIT_SWEEP, scheduleProfitSweep } from '../../src/jobs/profit-sweep.job.js';
import { createLogger } from '../../src/logger.js';
import { createOwnDatabase } from '../support/database.js';

/**
 * The net under the recompute's triggers: a day left owed its profit (a recompute that failed,
 * a push that marked it as one finished) is taken within ten minutes, for its seller only.
 */
describe('the profit sweep', () => {
  const log = createLogger({ level: 'silent', pretty: false });
  let drop: () => Promise<void>;
  let orm: MikroORM;
  let worker: Scheduler;
  let admin: pg.Client;

  beforeAll(async () => {
    const db = await createOwnDatabase('sweep');
    drop = db.drop;
    orm = await MikroORM.init(ormOptions({ url: db.url, poolMax: 2 }));
    await migrate(orm, log);
    worker = await createAgenda({ databaseUrl: db.url, embedded: false, name: 'sweeper', lockLifetimeMs: 10_000, log });
    await worker.agenda.ready;
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await worker.close({ processing: true, drainMs: 2_000 });
    await orm.close();
    await drop();
  });

  it('queues a recompute for each seller with a day owed for more than two minutes, and for no one else', async () => {
    const em = orm.em.fork();
    const [owed, fresh, done] = ['owed', 'fresh', 'done'].map((label) => em.create(User, { subject: `sweep-${label}-${randomUUID()}` }));
    await em.flush();
    await admin.query(
      `insert into profit_stale_days (id, user_id, day, updated_at) values
        (gen_random_uuid(), $1, '2026-12-01', now() - interval '3 minutes'), (gen_random_uuid(), $1, '2026-12-02', now() - interval '9 minutes'),
        (gen_random_uuid(), $2, '2026-12-03', now())`,
      [owed!.id, fresh!.id],
    );
    const queued: string[] = [];
    await scheduleProfitSweep(worker.agenda, orm, { add: async ({ userId }) => void queued.push(userId) }, log);
    const { rows } = await admin.query<{ repeat_interval: string }>('select repeat_interval from agenda_jobs where name = $1', [PROFIT_SWEEP]);
    expect(rows).toEqual([{ repeat_interval: '10 minutes' }]);

    await admin.query(`update agenda_jobs set next_run_at = now() - interval '1 second' where name = $1`, [PROFIT_SWEEP]);
    await worker.agenda.start();
    for (let t = 0; t < 150 && !queued.length; t++) await sleep(100);
    expect(queued).toEqual([owed!.id]);
    expect(queued).not.toContain(done!.id);
  }, 30_000);
});
