import type { StageModel } from './model';
import { recordOf, type Properties, type ReadContext } from './read-context';

/** One line per stage for the operational settings the sandbox does not enforce. */
function warnStageSettings(context: ReadContext, stage: string, properties: Properties): void {
  const ignored: string[] = [];
  const settings = Array.isArray(properties.MethodSettings) ? properties.MethodSettings.map(recordOf) : [];
  const throttled = settings.filter(
    (s) => s.ThrottlingRateLimit !== undefined || s.ThrottlingBurstLimit !== undefined,
  );
  for (const setting of throttled) {
    ignored.push(
      `throttling (${String(setting.ThrottlingRateLimit ?? '-')}/s, burst ${String(setting.ThrottlingBurstLimit ?? '-')})`,
    );
  }
  if (settings.some((s) => s.CachingEnabled === true) || properties.CacheClusterEnabled === true) {
    ignored.push('response caching');
  }
  if (properties.AccessLogSetting !== undefined)
    ignored.push('access logs (one log line per request instead)');
  if (settings.some((s) => s.LoggingLevel !== undefined || s.DataTraceEnabled === true)) {
    ignored.push('execution logs');
  }
  if (properties.TracingEnabled === true) ignored.push('X-Ray tracing');
  if (ignored.length > 0) context.warnings.push(`stage ${stage}: not emulated: ${ignored.join(', ')}`);
}

function stageVariables(context: ReadContext, value: unknown): Record<string, string> | null {
  const entries = Object.entries(recordOf(value)).map(
    ([key, item]) => [key, context.resolver.resolveString(item)] as const,
  );
  return entries.length === 0 ? null : Object.fromEntries(entries);
}

/** The API's stages: each `AWS::ApiGateway::Stage`, and each deployment that names a stage of its own. */
export function readStages(context: ReadContext): StageModel[] {
  const { resolver } = context;
  const stages: StageModel[] = [];
  for (const { logicalId, properties } of context.ofApi('AWS::ApiGateway::Stage')) {
    context.warnUnknown(logicalId, properties, [
      'StageName',
      'DeploymentId',
      'RestApiId',
      'Variables',
      'Description',
      'Tags',
      'AccessLogSetting',
      'MethodSettings',
      'TracingEnabled',
    ]);
    const name = resolver.resolveString(properties.StageName);
    warnStageSettings(context, name, properties);
    stages.push({
      name,
      deploymentId: resolver.resolveString(properties.DeploymentId),
      variables: stageVariables(context, properties.Variables),
    });
  }
  for (const { logicalId, properties } of context.ofApi('AWS::ApiGateway::Deployment')) {
    context.warnUnknown(logicalId, properties, ['RestApiId', 'Description', 'StageName', 'StageDescription']);
    if (properties.StageName === undefined) continue;
    const name = resolver.resolveString(properties.StageName);
    const description = recordOf(properties.StageDescription);
    warnStageSettings(context, name, description);
    stages.push({
      name,
      deploymentId: resolver.resolveString({ Ref: logicalId }),
      variables: stageVariables(context, description.Variables),
    });
  }
  return stages;
}
