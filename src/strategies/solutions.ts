// FDSP asks for J distinct candidate solutions in one reply. Models number them in many styles ("1.", "Solution 2:",
// "### 3)", "**Solution 1**"), so the reply is split on any of those markers; duplicates are dropped.

// "Solution 2:", "### Fix 2", "**Approach 2**" — a named marker; when a reply has these, bare numbers inside are
// steps of a solution, not solutions.
const namedMarker =
  /^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?[ \t]*(?:potential[ \t]+|possible[ \t]+|candidate[ \t]+)?(?:solution|fix|approach|option)[ \t]*#?[ \t]*(\d{1,2})[ \t]*(?:\*\*|__)?[ \t]*[:.)\-–]?[ \t]*(?:\*\*|__)?[ \t]*/gim;
// "1.", "2)", "### 3." — a bare numbered item.
const numberedMarker = /^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?[ \t]*(\d{1,2})[ \t]*[.):][ \t]*(?:\*\*|__)?[ \t]*/gm;

function normalized(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function cleaned(text: string): string {
  return text
    .replace(/^(?:\*\*|__)|(?:\*\*|__)$/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

interface Marker {
  readonly number: number;
  readonly start: number;
  readonly end: number;
}

function sequenceOf(reply: string, pattern: RegExp): Marker[] {
  const sequence: Marker[] = [];
  for (const match of reply.matchAll(pattern)) {
    // Keep the outermost numbering: the first run that counts 1, 2, 3….
    if (Number(match[1]) === sequence.length + 1) {
      sequence.push({ number: Number(match[1]), start: match.index, end: match.index + match[0].length });
    }
  }
  return sequence;
}

function markers(reply: string): Marker[] {
  const named = sequenceOf(reply, namedMarker);
  return named.length > 0 ? named : sequenceOf(reply, numberedMarker);
}

/** Up to `limit` distinct solutions; the whole reply as one solution when it has no numbering. */
export function parseSolutions(reply: string, limit: number): string[] {
  const text = reply.replace(/\r\n/g, '\n').trim();
  if (text === '' || limit < 1) return [];
  const sequence = markers(text);
  const parts =
    sequence.length === 0
      ? [text]
      : sequence.map((marker, index) => text.slice(marker.end, sequence[index + 1]?.start ?? text.length));
  const seen = new Set<string>();
  const solutions: string[] = [];
  for (const part of parts.map(cleaned)) {
    const key = normalized(part);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    solutions.push(part);
    if (solutions.length === limit) break;
  }
  return solutions;
}
