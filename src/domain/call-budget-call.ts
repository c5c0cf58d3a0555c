import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { timestamp } from './columns.js';

/**
 * Calls made against a deployment-wide budget (services/call-budget.ts): a provider's limit per
 * IP address, shared by every seller and every Sutra process (Delhivery's 750 calls per 5 minutes,
 * docs/providers.md §7). Not a seller's row: it names no seller and holds nothing of one.
 */
@Entity({ tableName: 'call_budget_calls' })
@Index({ properties: ['name', 'at'] })
export class CallBudgetCall {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property(timestamp())
  at!: Date;

  @Property({ type: 'integer' })
  calls!: number;
}
