import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { resourcesOfType, type CfnTemplate } from './cloud-assembly';
import type { Resolver } from './resolver';
import { generatedName, readProperties } from './properties';

/**
 * Resource types the sandbox does not need to run the app: it enforces no permissions and
 * keeps function logs in its own files. registerInertResources gives the ones a user's code
 * may name (roles, log groups) a plausible `Ref` and `Arn`; the others are skipped.
 */
export const INERT_RESOURCE_TYPES: readonly string[] = [
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::Logs::LogGroup',
  'AWS::Lambda::Permission',
  'AWS::SQS::QueuePolicy',
  'AWS::SNS::TopicPolicy',
  'AWS::ApiGateway::Account',
  'AWS::CDK::Metadata',
];

const roleProperties = z.object({ RoleName: z.optional(z.string()), Path: z.optional(z.string()) });
const logGroupProperties = z.object({ LogGroupName: z.optional(z.string()) });

/** IAM's unique id of a role: `AROA` and 17 characters, here derived from the name so it is stable. */
function roleId(roleName: string): string {
  const digest = createHash('sha256')
    .update(roleName)
    .digest('base64')
    .replace(/[^A-Za-z0-9]/g, '');
  return `AROA${digest.slice(0, 17).toUpperCase()}`;
}

/**
 * Registers the roles (`Ref` = name; `Arn`, `RoleId`) and log groups (`Ref` = name; `Arn`) of
 * the template, so that a value referring to one still resolves. A name given by an intrinsic
 * is resolved, so call this after the resources it may refer to are registered.
 */
export function registerInertResources(template: CfnTemplate, resolver: Resolver): void {
  const { region, accountId, stackName } = resolver.pseudoParameters;
  for (const { logicalId, properties } of resourcesOfType(template, 'AWS::IAM::Role')) {
    const role = readProperties(roleProperties, properties, resolver, logicalId);
    const name = role.RoleName ?? generatedName(stackName, logicalId);
    resolver.register(logicalId, {
      ref: name,
      attributes: { Arn: `arn:aws:iam::${accountId}:role${role.Path ?? '/'}${name}`, RoleId: roleId(name) },
    });
  }
  for (const { logicalId, properties } of resourcesOfType(template, 'AWS::Logs::LogGroup')) {
    const name =
      readProperties(logGroupProperties, properties, resolver, logicalId).LogGroupName ??
      generatedName(stackName, logicalId);
    resolver.register(logicalId, {
      ref: name,
      attributes: { Arn: `arn:aws:logs:${region}:${accountId}:log-group:${name}:*` },
    });
  }
}
