/**
 * Column shapes shared by the entities. Money is NUMERIC and travels as a decimal
 * string, so no amount ever passes through a binary float. Each call returns a fresh
 * object: MikroORM writes into the options it is given.
 */
export const money = () => ({ type: 'decimal', precision: 14, scale: 2 }) as const;
export const optionalMoney = () => ({ ...money(), nullable: true }) as const;
export const currency = () => ({ type: 'string', length: 3 }) as const;
export const timestamp = () => ({ type: 'datetime', columnType: 'timestamptz' }) as const;
export const optionalTimestamp = () => ({ ...timestamp(), nullable: true }) as const;
