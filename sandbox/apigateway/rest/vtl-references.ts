export interface TemplateVariables {
  /** Flattened `$context` variables. */
  readonly context: Readonly<Record<string, string>>;
  readonly stageVariables: Readonly<Record<string, string>> | null;
}

const REFERENCE =
  /\$!?\{(context|stageVariables)\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\}|\$!?(context|stageVariables)\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)/g;

/**
 * Renders the `$context.x` and `$stageVariables.x` references of a mapping template (plain,
 * quiet `$!` and formal `${…}` forms); a variable the request lacks renders empty. Other VTL
 * (directives, `$input`, `$util`) is left as written.
 */
export function renderReferences(template: string, variables: TemplateVariables): string {
  return template.replace(
    REFERENCE,
    (_match, formalRoot?: string, formalName?: string, root?: string, name?: string) => {
      const source =
        (formalRoot ?? root) === 'context' ? variables.context : (variables.stageVariables ?? {});
      return source[(formalName ?? name) as string] ?? '';
    },
  );
}
