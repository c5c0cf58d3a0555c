const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every row's id is a UUID; anything else cannot name a row, and is answered like a missing one without asking the database. */
export const isUuid = (id: string): boolean => UUID.test(id);
