/** The element with this id; the page and this script ship together, so a missing one is a bug. */
export function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`The page lacks #${id}`);
  return found as T;
}

export function inputValue(id: string): string {
  return element<HTMLInputElement>(id).value;
}
