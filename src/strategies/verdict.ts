// Detection replies: "True"/"False" as asked, but models also answer "Yes, …", "**False**", or explain first and
// conclude last. An explicit "Answer: X" wins, then the reply's first word, then its last true/false/yes/no.

export type Verdict = boolean | null;

const words: Readonly<Record<string, boolean>> = { true: true, yes: true, false: false, no: false };

function wordValue(word: string | undefined): Verdict {
  if (word === undefined) return null;
  return words[word.toLowerCase()] ?? null;
}

export function parseVerdict(reply: string): Verdict {
  const text = reply.replace(/```[\s\S]*?```/g, ' ').replace(/[*_`"']/g, '');
  const answer = /\b(?:answer|verdict|result|vulnerable)\s*[:=-]\s*(true|false|yes|no)\b/i.exec(text);
  if (answer) return wordValue(answer[1]);
  const first = /^\s*(true|false|yes|no)\b/i.exec(text);
  if (first) return wordValue(first[1]);
  const all = [...text.matchAll(/\b(true|false)\b/gi)];
  if (all.length > 0) return wordValue(all[all.length - 1]?.[1]);
  if (/\b(?:is|are)\s+not\s+vulnerable\b|\bnot\s+vulnerable\b/i.test(text)) return false;
  if (/\b(?:is|are)\s+vulnerable\b/i.test(text)) return true;
  return null;
}
