// What makes a cached Bandit answer reusable. The cache holds the worker's raw answers (Bandit's own issues, before
// fdsp adds CWE names, snippets, fingerprints and the path), so a change to fdsp's side never serves stale findings;
// the key is everything on Bandit's side that decides them: Bandit's version, the exact Python build, every loaded
// test plugin and the worker program's bytes. Storage is someone else's (the bench keeps it in SQLite).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';

import { recoveryIdentity } from '../recovery/index.js';
import type { WorkerAnswer, WorkerIdentity } from './worker-pool.js';

export interface BanditIdentity {
  /** Bandit's version, as recorded in manifests. */
  readonly version: string;
  /** sha256 over everything that decides Bandit's answer for given bytes. */
  readonly key: string;
}

/** An identity learnt from a started worker, reusable while the files it depends on keep their status. */
export interface RememberedIdentity extends BanditIdentity {
  readonly files: readonly string[];
  readonly stamp: string;
}

export interface BanditAnswerCache {
  /** The identity remembered for this worker command line, if any. */
  recall(probe: string): RememberedIdentity | undefined;
  remember(probe: string, identity: RememberedIdentity): void;
  /** The stored answers among `sourceSha256s`, by hash: a batch is one look-up, not one per file. */
  getMany(identityKey: string, sourceSha256s: readonly string[]): ReadonlyMap<string, WorkerAnswer>;
  /** Stores a batch's fresh answers together (one transaction). */
  putMany(
    identityKey: string,
    answers: readonly { readonly sourceSha256: string; readonly answer: WorkerAnswer }[],
  ): void;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The status of each file (size, mtime, inode); any install, upgrade or removal under them changes it. */
export function statStamp(files: readonly string[]): string {
  return JSON.stringify(
    files.map((file) => {
      try {
        const stat = statSync(file, { bigint: true });
        return [file, String(stat.size), String(stat.mtimeNs), String(stat.ctimeNs), String(stat.ino)];
      } catch {
        return [file, 'missing'];
      }
    }),
  );
}

/** The identity of a started worker, or undefined when it does not report enough to be cached safely. */
export function identityOf(
  worker: WorkerIdentity,
  command: string,
  args: readonly string[],
): RememberedIdentity | undefined {
  if (worker.pythonBuild === undefined || worker.tests === undefined || worker.identityFiles === undefined) {
    return undefined;
  }
  // The worker program is part of the answer: its bytes are hashed, and its status watched like Bandit's files.
  const programs = args.filter((arg) => existsSync(arg));
  const key = sha256Hex(
    JSON.stringify({
      banditVersion: worker.banditVersion,
      pythonBuild: worker.pythonBuild,
      command,
      args,
      programs: programs.map((file) => sha256Hex(readFileSync(file))),
      tests: worker.tests,
      // A rejected file's answer holds its recovered code's issues.
      recovery: recoveryIdentity(),
    }),
  );
  const files = [...worker.identityFiles, ...programs];
  return { version: worker.banditVersion, key, files, stamp: statStamp(files) };
}
