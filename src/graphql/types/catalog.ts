import { Field, ID, ObjectType } from 'type-graphql';
import { JSONObjectScalar } from '../scalars.js';
import { ConnectType, FieldType, ProviderKind } from './enums.js';
import { ProviderStatus } from './provider-status.js';

@ObjectType()
export class OAuthInstallSpec {
  @Field()
  mutation!: string;

  @Field()
  queryKey!: string;

  @Field()
  callbackPath!: string;

  @Field({ description: 'false while this version of Sutra does not serve it: show it greyed out, with unavailableReason' })
  available!: boolean;

  @Field(() => String, { nullable: true, description: 'why it cannot be used yet, in words for the seller; null when available' })
  unavailableReason?: string;
}

@ObjectType()
export class SetupFormField {
  @Field()
  key!: string;

  @Field()
  label!: string;

  @Field(() => FieldType)
  type!: FieldType;

  @Field()
  required!: boolean;

  @Field()
  secret!: boolean;

  @Field(() => String, { nullable: true })
  placeholder?: string;

  @Field(() => String, { nullable: true })
  helpText?: string;

  @Field(() => String, { nullable: true })
  pattern?: string;

  @Field(() => [String], { nullable: true })
  options?: string[];
}

@ObjectType()
export class ProviderAction {
  @Field(() => ID)
  id!: string;

  @Field()
  label!: string;

  @Field()
  operation!: string;

  @Field(() => JSONObjectScalar)
  variables!: Record<string, unknown>;

  @Field({ description: 'false while this version of Sutra does not serve it: show it greyed out, with unavailableReason' })
  available!: boolean;

  @Field(() => String, { nullable: true, description: 'why it cannot be used yet, in words for the seller; null when available' })
  unavailableReason?: string;
}

@ObjectType()
export class CatalogProvider {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  icon!: string;

  @Field()
  color!: string;

  @Field(() => ProviderKind)
  kind!: ProviderKind;

  @Field(() => ConnectType)
  connectType!: ConnectType;

  @Field(() => OAuthInstallSpec, { nullable: true })
  oauth?: OAuthInstallSpec;

  @Field(() => [SetupFormField])
  setupFormFields!: SetupFormField[];

  @Field(() => [String])
  setupSteps!: string[];

  @Field(() => [ProviderAction])
  actions!: ProviderAction[];

  /** Resolved per request by CatalogResolver. */
  @Field(() => ProviderStatus, { description: "this user's connection; with several accounts, the one that most needs attention speaks for all" })
  status!: ProviderStatus;

  /** Resolved per request by CatalogResolver. */
  @Field(() => [ProviderStatus], { description: 'each connected account of this provider, oldest first' })
  accounts!: ProviderStatus[];
}

@ObjectType()
export class CatalogSection {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field(() => ProviderKind)
  kind!: ProviderKind;

  @Field(() => [CatalogProvider])
  providers!: CatalogProvider[];
}

@ObjectType()
export class IntegrationCatalog {
  @Field(() => [CatalogSection])
  sections!: CatalogSection[];
}
