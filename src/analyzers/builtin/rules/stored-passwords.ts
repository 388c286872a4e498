// How received passwords end up stored in the clear, in the spellings PWSTORE-001/002 meet beyond raw SQL: an ORM
// or document-store write of the received value, and a reversible decode followed by a bytes-to-text conversion.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import { stringValue } from './check-helpers.js';

/** `base64.b64decode(x).decode("utf-8")` is still the decoded value: bytes to text changes no secrecy. */
export function withoutTextConversion(node: PlainNode, analysis: ModuleAnalysis): PlainNode {
  let current = node;
  for (;;) {
    const callee = current.type === 'call' ? childByField(current, 'function') : undefined;
    const object = callee?.type === 'attribute' ? childByField(callee, 'object') : undefined;
    const method = callee?.type === 'attribute' ? analysis.text(childByField(callee, 'attribute') ?? callee) : '';
    if (!object || !/^(decode|strip|rstrip)$/.test(method)) return current;
    current = object;
  }
}

/** ORM and document-store writes: peewee/Django `create`, `get_or_create`, SQLAlchemy `insert().values`, pymongo. */
const ormWrite = /^(create|get_or_create|update_or_create|insert|insert_one|insert_many|update|update_one|values)$/;

/**
 * A received password handed as-is to an ORM or document-store write (`User.create(password=request.form["pw"])`,
 * `users.insert_one({"password": pw})`): stored in plaintext. Hashing on the way ends the taint, and a `create_user`
 * helper (Django's hashes) is not a write of the raw value.
 */
export function ormStoresReceivedPassword(site: CallSite, analysis: ModuleAnalysis): boolean {
  if (!ormWrite.test(site.method) || !site.receiver) return false;
  const raw = (key: string, value: PlainNode | undefined): boolean =>
    value !== undefined &&
    /^(password|passwd|pwd|pass|password_plain)$/i.test(key) &&
    analysis.taint(value)?.origin === 'remote' &&
    !/hash|digest|crypt/i.test(analysis.text(value));
  for (const [key, value] of site.keywords) if (raw(key, value)) return true;
  return site.positional
    .filter((argumentNode) => argumentNode.type === 'dictionary')
    .flatMap((dictionary) => namedChildren(dictionary).filter((pair) => pair.type === 'pair'))
    .some((pair) => raw(stringValue(analysis, childByField(pair, 'key')) ?? '', childByField(pair, 'value')));
}
