import { setTimeout as sleep } from 'node:timers/promises';
import type { SyncSession } from './types.js';

/** A connector's wait of `ms`: the session's, which keeps the job alive, in a sync; a plain timer outside one. */
export const waitIn = (session: Pick<SyncSession, 'wait'>, ms: number): Promise<void> => (session.wait ? session.wait(ms) : sleep(ms));
