import { ConnectType, FieldType, ProviderKind, SyncScope } from '../../domain/enums.js';
import { disconnectAction, syncAction } from '../actions.js';
import type { ProviderDefinition } from '../types.js';

const id = 'selloship';

export const definition: ProviderDefinition = {
  id,
  name: 'Selloship',
  icon: 'selloship',
  color: '#1B3F8B',
  kind: ProviderKind.LOGISTICS,
  connectType: ConnectType.API_KEY,
  fields: [
    {
      key: 'username',
      label: 'Username (email)',
      type: FieldType.EMAIL,
      required: true,
      secret: false,
      helpText: 'The email you sign in to Selloship with',
      pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    },
    {
      key: 'password',
      label: 'Password',
      type: FieldType.PASSWORD,
      required: true,
      secret: true,
      helpText: 'Your Selloship password; Sutra signs in with it to check it',
    },
  ],
  setupSteps: [
    'Make sure your Selloship account has API access enabled.',
    'Enter the email and password you sign in to Selloship with.',
    'Sutra signs in once to check them, then tracks your shipments.',
  ],
  actions: [syncAction(id, 'sync_shipments', 'Sync shipments', SyncScope.SHIPMENTS), disconnectAction(id)],
  syncScopes: [SyncScope.SHIPMENTS],
  accountNameField: 'username',
};
