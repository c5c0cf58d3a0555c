import { registerEnumType } from 'type-graphql';
import {
  ChannelType,
  ConnectionState,
  ConnectType,
  FieldType,
  OrderStatus,
  PaymentMethod,
  ProviderKind,
  ShipmentStatus,
  SyncScope,
  SyncStatus,
  SyncTrigger,
} from '../../domain/enums.js';

// The GraphQL enums are the domain's own: one vocabulary from the database to the client.
registerEnumType(ProviderKind, { name: 'ProviderKind' });
registerEnumType(ConnectType, { name: 'ConnectType' });
registerEnumType(ChannelType, { name: 'ChannelType' });
registerEnumType(ConnectionState, { name: 'ConnectionState' });
registerEnumType(FieldType, { name: 'FieldType' });
registerEnumType(SyncScope, { name: 'SyncScope' });
registerEnumType(SyncStatus, { name: 'SyncStatus' });
registerEnumType(SyncTrigger, { name: 'SyncTrigger' });
registerEnumType(PaymentMethod, { name: 'PaymentMethod' });
registerEnumType(OrderStatus, { name: 'OrderStatus' });
registerEnumType(ShipmentStatus, { name: 'ShipmentStatus' });

export { ChannelType, ConnectionState, ConnectType, FieldType, OrderStatus, PaymentMethod, ProviderKind, ShipmentStatus, SyncScope, SyncStatus, SyncTrigger };
