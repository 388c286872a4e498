// Which finding CWEs count for a target CWE in "target CWE" mode. Exact ids always count; the groups below join ids
// that name the same weakness at different levels of MITRE's hierarchy or that the scanners tag differently for the
// same check (e.g. Bandit tags hard-coded passwords 259, CodeQL 798; XXE is 611 or 827, entity expansion 776).
export const cweGroups: readonly (readonly number[])[] = [
  [259, 321, 798], // hard-coded credentials (password / key / generic)
  [611, 776, 827], // XML external entities and entity expansion
  [22, 23, 36, 73, 99, 641], // path traversal and external control of file names
  [77, 78, 88], // command injection
  [94, 95, 96], // code injection (eval, templates)
  [79, 80, 116], // cross-site scripting and output encoding
  [326, 327, 328, 916, 759, 760], // weak cryptography, weak/unsalted password hashing
  [329, 1204], // predictable IV
  [330, 331, 338, 339], // insufficient randomness
  [400, 730, 1333], // regular-expression denial of service
  [377, 379], // insecure temporary files
  [200, 209, 497], // information exposure through error messages
  [113, 93], // CRLF / header injection
  [250, 269, 271, 273], // privilege management
  [385, 208], // timing side channels
];

/** Directed extras: a finding of the right-hand CWE also counts for the target on the left. */
export const cweExtraRelations: Readonly<Record<number, readonly number[]>> = {
  319: [614], // a cookie without Secure is sent in cleartext
  // credentials stored without (strong) protection; 256 (plaintext) and 261 (weak encoding) are MITRE children of 522
  522: [256, 261, 916, 759, 760, 328],
  // improper locking: CWE-414 (missing lock check) is ChildOf CWE-667 in the research view (CWE-1000), so a lock that
  // is not held across the critical section is an instance of the target
  414: [667],
};

export function cweMatches(target: number, found: number | null): boolean {
  if (found === null) return false;
  if (found === target) return true;
  if (cweGroups.some((group) => group.includes(target) && group.includes(found))) return true;
  return cweExtraRelations[target]?.includes(found) ?? false;
}
