import { InitialSchema1764240000000 } from './1764240000000-InitialSchema';

/** Every migration, oldest first. A new migration is added here as well as in its file. */
export const migrations = [InitialSchema1764240000000];
