// What a reply's code must define, so extraction picks the solution rather than a longer usage example: the
// functions and classes of a SecurityEval stub (generation) or of the code under repair. Pure.

/** Top-level `def`/`async def`/`class` names in order of appearance (column 0 only: methods and nested helpers are
 * the model's business). Works on code that does not parse, since it is only a hint for choosing among blocks. */
export function definedNames(code: string): string[] {
  const names: string[] = [];
  let inString: '"""' | "'''" | null = null;
  for (const line of code.replace(/\r\n?/g, '\n').split('\n')) {
    // Skip triple-quoted text, where a column-0 `def` is prose (a docstring's example), not a definition.
    const quotes = line.match(/"""|'''/g) ?? [];
    const opensOrCloses = quotes.length % 2 === 1;
    if (inString !== null) {
      if (opensOrCloses) inString = null;
      continue;
    }
    const match = /^(?:async\s+def|def|class)\s+([A-Za-z_]\w*)/.exec(line);
    if (match?.[1] !== undefined && !names.includes(match[1])) names.push(match[1]);
    if (opensOrCloses) inString = quotes[0] === '"""' ? '"""' : "'''";
  }
  return names;
}
