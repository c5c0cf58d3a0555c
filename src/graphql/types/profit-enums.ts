import { registerEnumType } from 'type-graphql';
import { FigureSource, ProfitDimension, ProfitFlag } from '../../domain/enums.js';

export { ESTIMATED_FLAGS, FigureSource, INCOMPLETE_FLAGS, ProfitDimension, ProfitFlag } from '../../domain/enums.js';

registerEnumType(ProfitFlag, {
  name: 'ProfitFlag',
  description: 'What an order’s profit leaves out (counted as zero: *_UNKNOWN, *_MISSING, *_INCOMPLETE) or estimates (*_ESTIMATED)',
});
registerEnumType(FigureSource, {
  name: 'FigureSource',
  description: 'REPORTED by the provider; from the SELLER_SETTING (rates, costs); from the RATE_CARD (freight); NONE: no such cost',
});
registerEnumType(ProfitDimension, { name: 'ProfitDimension' });
