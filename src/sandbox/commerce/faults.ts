import type { RequestHandler } from 'express';

export type SandboxProvider = 'amazon' | 'flipkart' | 'shopify' | 'selloship' | 'delhivery';

export interface Fault {
  kind: '429' | '500' | 'slow' | 'malformed';
  /** Apply to one request in N (default every request). */
  every?: number;
  /** Apply to the next N requests only. */
  count?: number;
  delayMs?: number;
  retryAfterSeconds?: number;
}

/** How each provider answers a fault, in its own words. */
export interface FaultAnswers {
  throttled(res: Parameters<RequestHandler>[1], retryAfterSeconds: number): void;
  serverError(res: Parameters<RequestHandler>[1]): void;
}

/** Faults on demand, per provider: 429s, 500s, slow answers, malformed pages. */
export class SandboxFaults {
  private readonly faults = new Map<SandboxProvider, Fault & { seen: number }>();

  set(provider: SandboxProvider, fault: Fault): void {
    this.faults.set(provider, { ...fault, seen: 0 });
  }

  clear(): void {
    this.faults.clear();
  }

  /** Middleware for one provider's routes. */
  middleware(provider: SandboxProvider, answers: FaultAnswers): RequestHandler {
    return async (_req, res, next) => {
      const fault = this.take(provider);
      if (!fault) return next();
      if (fault.kind === 'slow') {
        await new Promise((r) => setTimeout(r, fault.delayMs ?? 2000));
        return next();
      }
      if (fault.kind === '429') return answers.throttled(res, fault.retryAfterSeconds ?? 1);
      if (fault.kind === '500') return answers.serverError(res);
      res.status(200).type('application/json').send('{"payload":{"Orders":[{"AmazonOrderId":"truncat');
    };
  }

  private take(provider: SandboxProvider): Fault | undefined {
    const fault = this.faults.get(provider);
    if (!fault) return undefined;
    fault.seen++;
    if (fault.count !== undefined) {
      if (fault.count <= 0) return undefined;
      fault.count--;
      return fault;
    }
    return fault.seen % (fault.every ?? 1) === 0 ? fault : undefined;
  }
}
