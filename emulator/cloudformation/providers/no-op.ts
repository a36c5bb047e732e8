/**
 * Resource types the emulator accepts without creating anything, because nothing in the
 * emulator would use them: it enforces no IAM (every call is allowed) and keeps no resource
 * policies or CDK metadata. THIS IS THE ONE LIST of no-op types; any type that is neither here
 * nor in `providers/index.ts` fails the deployment with an error naming it.
 *
 * | Type                  | Ref                          | GetAtt                 |
 * | --------------------- | ---------------------------- | ---------------------- |
 * | AWS::IAM::Role        | role name (RoleName or generated) | Arn, RoleId       |
 * | AWS::IAM::Policy      | generated policy id          | Id                     |
 * | AWS::SQS::QueuePolicy | generated policy id          | Id                     |
 * | AWS::CDK::Metadata    | generated id                 | (none)                 |
 */
import { randomInt } from 'node:crypto';
import { NAME_LIMITS } from '../physical-names';
import {
  type Properties,
  type ProviderContext,
  physicalName,
  type ResourceProvider,
} from '../provider';

/** The no-op resource types (see the table above). */
export const NO_OP_TYPES = [
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::SQS::QueuePolicy',
  'AWS::CDK::Metadata',
] as const;

/** `AROA` + 17 upper-case letters and digits: the shape of an IAM role's unique id. */
function roleId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let id = 'AROA';
  for (let i = 0; i < 17; i++) id += alphabet[randomInt(alphabet.length)];
  return id;
}

function rolePath(props: Properties): string {
  return typeof props.Path === 'string' ? props.Path : '/';
}

const iamRole: ResourceProvider = {
  type: 'AWS::IAM::Role',
  attributes: ['Arn', 'RoleId'],
  replaceOn: ['RoleName', 'Path'],
  nameProperty: 'RoleName',
  create(ctx, props) {
    const name = physicalName(ctx, props, 'RoleName', NAME_LIMITS.iamRole);
    return {
      physicalId: name,
      attributes: {
        Arn: `arn:${ctx.partition}:iam::${ctx.accountId}:role${rolePath(props)}${name}`,
        RoleId: roleId(),
      },
    };
  },
  update: (_ctx, current) => current,
  delete: () => undefined,
};

/** A no-op type whose Ref is a generated id and whose only attribute (if any) is `Id`. */
function idOnly(type: string, attributes: readonly string[]): ResourceProvider {
  return {
    type,
    attributes,
    replaceOn: [],
    create(ctx: ProviderContext) {
      const id = ctx.generateName(NAME_LIMITS.iamPolicy);
      return { physicalId: id, attributes: attributes.includes('Id') ? { Id: id } : {} };
    },
    update: (_ctx, current) => current,
    delete: () => undefined,
  };
}

/** The providers of the no-op types, in the order of NO_OP_TYPES. */
export const noOpProviders: readonly ResourceProvider[] = [
  iamRole,
  idOnly('AWS::IAM::Policy', ['Id']),
  idOnly('AWS::SQS::QueuePolicy', ['Id']),
  idOnly('AWS::CDK::Metadata', []),
];
