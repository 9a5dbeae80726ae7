/**
 * The parent pid in a `/proc/<pid>/stat` line. The command name is in parentheses and may
 * itself hold spaces and parentheses, so the fields are read after the last `)`.
 */
export function parentPidOf(statLine: string): number | undefined {
  const end = statLine.lastIndexOf(')');
  if (end < 0) return undefined;
  const fields = statLine.slice(end + 2).split(' ');
  const parent = Number(fields[1]);
  return Number.isInteger(parent) ? parent : undefined;
}

/** Every descendant of `root` in a pid → parent map, nearest first. */
export function descendantsOf(root: number, parents: ReadonlyMap<number, number>): number[] {
  const found: number[] = [];
  let generation = [root];
  while (generation.length > 0) {
    const next = [...parents].filter(([, parent]) => generation.includes(parent)).map(([pid]) => pid);
    found.push(...next);
    generation = next;
  }
  return found;
}
