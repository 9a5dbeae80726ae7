import { join } from 'node:path';
import { loadCloudAssembly } from '../../../sandbox/platform/cloud-assembly';
import { Resolver } from '../../../sandbox/platform/resolver';
import { ensureSynthesized } from '../../../sandbox/platform/synth';
import { SANDBOX_CONTEXT } from '../../../sandbox/platform/config';
import { registerEventApis } from '../../../sandbox/appsync/register-apis';
import { readFunctions, registerFunctions, type FunctionDefinition } from '../../../sandbox/lambda/functions';

const PSEUDO = { region: 'us-east-1', accountId: '000000000000' };

/**
 * Every other resource answers with a name, URL or ARN that points nowhere: loading a handler
 * reads its environment but calls nothing, so the values need only have the right shape.
 */
function placeholder(type: string, logicalId: string): { ref: string; attributes: Record<string, string> } {
  const service = type.split('::')[1].toLowerCase();
  const arn = `arn:aws:${service}:${PSEUDO.region}:${PSEUDO.accountId}:${logicalId}`;
  if (type === 'AWS::SQS::Queue') {
    return {
      ref: `https://sqs.${PSEUDO.region}.amazonaws.com/${PSEUDO.accountId}/${logicalId}`,
      attributes: { Arn: arn, QueueName: logicalId },
    };
  }
  const byArn = ['AWS::SNS::Topic', 'AWS::SecretsManager::Secret'].includes(type);
  return { ref: byArn ? arn : logicalId, attributes: { Arn: arn, StreamArn: `${arn}/stream/bench` } };
}

/** The functions of the sandbox's synthesized assembly (synthesized first if out of date). */
export async function assemblyFunctions(
  projectDir: string,
  log: (line: string) => void,
): Promise<FunctionDefinition[]> {
  const outDir = join(projectDir, '.sandbox', 'cdk.out');
  await ensureSynthesized({ projectDir, outDir, context: SANDBOX_CONTEXT, log });
  const stacks = loadCloudAssembly(outDir);
  if (stacks.length !== 1) throw new Error(`Expected one stack in ${outDir}, found ${stacks.length}`);
  const [stack] = stacks;
  const resolver = new Resolver({ ...PSEUDO, stackName: stack.stackName });
  for (const [logicalId, resource] of Object.entries(stack.template.Resources)) {
    resolver.register(logicalId, placeholder(resource.Type, logicalId));
  }
  // Function environments may name an Event API's host names, which only the API's own values give.
  registerEventApis(stack, resolver);
  registerFunctions(stack, resolver);
  return readFunctions(stack, resolver);
}
