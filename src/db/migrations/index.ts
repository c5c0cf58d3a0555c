import { Migration20261125035042 } from './Migration20261125035042.js';
import { Migration20261125040256 } from './Migration20261125040256.js';
import { Migration20261125090249 } from './Migration20261125090249.js';
import { Migration20261125091000 } from './Migration20261125091000.js';
import { Migration20261125093439 } from './Migration20261125093439.js';
import { Migration20261125094453 } from './Migration20261125094453.js';
import { Migration20261125095938 } from './Migration20261125095938.js';
import { Migration20261207100000 } from './Migration20261207100000.js';
import { Migration20261207110000 } from './Migration20261207110000.js';
import { Migration20261207130000 } from './Migration20261207130000.js';
import { Migration20261207140000 } from './Migration20261207140000.js';
import { Migration20261207180000 } from './Migration20261207180000.js';
import { Migration20261207190000 } from './Migration20261207190000.js';
import { Migration20261207191000 } from './Migration20261207191000.js';
import { Migration20261207152000 } from './Migration20261207152000.js';
import { Migration20261207151630 } from './Migration20261207151630.js';
import { Migration20261207151600 } from './Migration20261207151600.js';

// Migrations are listed here rather than discovered from disk, so the same list works from
// the TypeScript sources (tests) and the compiled output (npm start). Oldest first.
export const migrationsList = [
  { name: 'Migration20261125035042', class: Migration20261125035042 },
  { name: 'Migration20261125040256', class: Migration20261125040256 },
  { name: 'Migration20261125090249', class: Migration20261125090249 },
  { name: 'Migration20261125091000', class: Migration20261125091000 },
  { name: 'Migration20261125093439', class: Migration20261125093439 },
  { name: 'Migration20261125094453', class: Migration20261125094453 },
  { name: 'Migration20261125095938', class: Migration20261125095938 },
  { name: 'Migration20261207100000', class: Migration20261207100000 },
  { name: 'Migration20261207110000', class: Migration20261207110000 },
  { name: 'Migration20261207130000', class: Migration20261207130000 },
  { name: 'Migration20261207140000', class: Migration20261207140000 },
  { name: 'Migration20261207152000', class: Migration20261207152000 },
  { name: 'Migration20261207151600', class: Migration20261207151600 },
  { name: 'Migration20261207151630', class: Migration20261207151630 },
  { name: 'Migration20261207180000', class: Migration20261207180000 },
  { name: 'Migration20261207190000', class: Migration20261207190000 },
  { name: 'Migration20261207191000', class: Migration20261207191000 },
];
