import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One resource of a CloudFormation template, as `cdk synth` writes it. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly DependsOn?: string | readonly string[];
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { readonly Value: unknown }>;
}

/** A synthesized stack: its template, and where each Lambda asset was staged. */
export interface SynthesizedStack {
  readonly stackName: string;
  readonly template: CfnTemplate;
  /** The local folder of the asset uploaded under this S3 object key (`<hash>.zip`). */
  assetDirectory(objectKey: string): string;
}

interface Manifest {
  readonly artifacts: Record<
    string,
    {
      readonly type: string;
      readonly properties?: { readonly templateFile?: string; readonly file?: string };
    }
  >;
}

interface AssetManifest {
  readonly files?: Record<
    string,
    {
      readonly source: { readonly path?: string };
      readonly destinations: Record<string, { readonly objectKey: string }>;
    }
  >;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Reads the stacks of a cloud assembly (`cdk.out`) through its manifest, as the CDK CLI does. */
export function loadCloudAssembly(directory: string): SynthesizedStack[] {
  const manifest = readJson<Manifest>(join(directory, 'manifest.json'));
  const assetFolders = new Map<string, string>();
  for (const artifact of Object.values(manifest.artifacts)) {
    if (artifact.type !== 'cdk:asset-manifest' || artifact.properties?.file === undefined) continue;
    const assets = readJson<AssetManifest>(join(directory, artifact.properties.file));
    for (const file of Object.values(assets.files ?? {})) {
      if (file.source.path === undefined) continue;
      for (const destination of Object.values(file.destinations)) {
        assetFolders.set(destination.objectKey, join(directory, file.source.path));
      }
    }
  }
  return Object.entries(manifest.artifacts)
    .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
    .map(([stackName, artifact]) => ({
      stackName,
      template: readJson<CfnTemplate>(
        join(directory, artifact.properties?.templateFile ?? `${stackName}.template.json`),
      ),
      assetDirectory(objectKey: string): string {
        const folder = assetFolders.get(objectKey);
        if (folder === undefined) throw new Error(`No staged asset for S3 key ${objectKey} in ${directory}`);
        return folder;
      },
    }));
}

/** The resources of one type, with their logical ids. */
export function resourcesOfType(
  template: CfnTemplate,
  type: string,
): Array<{ readonly logicalId: string; readonly properties: Record<string, unknown> }> {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([logicalId, resource]) => ({ logicalId, properties: resource.Properties ?? {} }));
}

/** The stack `--stack` names, or the assembly's only one. */
export function pickStack(stacks: readonly SynthesizedStack[], wanted: string | undefined): SynthesizedStack {
  if (wanted !== undefined) {
    const stack = stacks.find(({ stackName }) => stackName === wanted);
    if (stack === undefined)
      throw new Error(`No stack ${wanted}; the app has ${stacks.map((s) => s.stackName).join(', ')}`);
    return stack;
  }
  if (stacks.length !== 1) {
    throw new Error(
      `The app has ${stacks.length} stacks (${stacks.map((s) => s.stackName).join(', ')}): choose one with --stack`,
    );
  }
  return stacks[0];
}
