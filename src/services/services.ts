import type { Config } from '../config.js';
import type { Orm } from '../db/database.js';
import type { PubSubHandle } from '../events/event-bus.js';
import type { CredentialService } from './credential-service.js';
import type { PushIntake } from './push-intake.js';
import type { SyncLifecycle } from './sync/lifecycle.js';

/** The long-lived collaborators built once at boot and handed to resolvers, routes and jobs. */
export interface Services {
  config: Config;
  orm: Orm;
  events: PubSubHandle['pubsub'];
  credentials: CredentialService;
  sync: SyncLifecycle;
  push: PushIntake;
}
