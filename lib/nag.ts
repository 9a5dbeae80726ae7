import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Accepts a cdk-nag finding on `scope` and its children, with the reason it is sound. */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * The logical id of an L2 construct's resource, as cdk-nag writes it in the finding ids of
 * wildcard grants (`Resource::<LogicalId>…`), so an acknowledgement names exactly one grant.
 */
export function logicalIdOf(construct: IConstruct): string {
  const resource = construct.node.defaultChild as CfnElement;
  return Stack.of(construct).resolve(resource.logicalId) as string;
}
