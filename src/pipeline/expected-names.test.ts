// The names a reply's code must define: derived from SecurityEval stubs and from the code under repair, and passed to
// extraction, so a multi-block reply yields the solution even when a usage example is longer. The pipeline part runs
// over real HTTP to the stub server with real Bandit.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { definedNames } from './expected-names.js';
import { extractCandidateCode } from './extract.js';
import { patch } from './patch.js';
import {
  fenced,
  fixedCode,
  startRepairHarness,
  vulnerableCode,
  type RepairHarness,
} from './testing/repair-fixtures.js';

const shared = process.env.FDSP_SHARED ?? path.resolve(import.meta.dirname, '../../../shared');

/** Longer than the solution, clean for Bandit, and defines none of its functions. */
const usageExample = `import json
import sys

from config_loader import load_config

if __name__ == '__main__':
    for name in sys.argv[1:]:
        settings = load_config(name)
        print(json.dumps(settings, indent=2, sort_keys=True))
        print('loaded', name, 'with', len(settings), 'top-level keys')
        print('done')
`;

function twoBlocks(solution: string): string {
  return `${fenced(solution, 'Here is the fixed function:')}\nAnd this is how to use it:\n\n${fenced(usageExample, '')}`;
}

describe('definedNames', () => {
  it('lists top-level functions and classes in order, not methods, nested helpers or docstring examples', () => {
    const code = [
      'import flask',
      '',
      '@app.route("/x")',
      'def handler():',
      '    def inner():',
      '        pass',
      '    return inner()',
      '',
      'class Store:',
      '    def get(self):',
      '        """',
      'def not_a_function():',
      '        """',
      '',
      'async def fetch(url):',
      '    pass',
      'def handler():',
      '    pass',
    ].join('\n');
    expect(definedNames(code)).toEqual(['handler', 'Store', 'fetch']);
  });

  it('reads code that does not parse and code that defines nothing', () => {
    expect(definedNames('def broken(x:\n    return x +\n')).toEqual(['broken']);
    expect(definedNames('print("hello")\n')).toEqual([]);
  });

  it('finds the function to complete in every SecurityEval stub that has one', () => {
    const stubs = readFileSync(path.join(shared, 'datasets/securityeval/dataset.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => z.object({ ID: z.string(), Prompt: z.string() }).parse(JSON.parse(line)));
    expect(stubs).toHaveLength(121);
    const nameless = stubs.filter((stub) => definedNames(stub.Prompt).length === 0);
    // A couple of stubs are a bare comment ("# Make an HTTP request to …"): nothing to name, extraction as before.
    expect(nameless.length).toBeLessThan(5);
    for (const stub of nameless) expect(stub.Prompt).not.toMatch(/\b(?:def|class)\s/);
  });
});

describe('extraction with the expected names', () => {
  it('takes the block that defines them, though another block is longer', async () => {
    const reply = twoBlocks(fixedCode);
    expect(usageExample.length).toBeGreaterThan(fixedCode.length);
    expect((await extractCandidateCode(reply)).code).toBe(usageExample);
    expect((await extractCandidateCode(reply, { expectedNames: ['load_config'] })).code).toBe(fixedCode);
  });
});

describe('the pipeline passes the names through', () => {
  let harness: RepairHarness;
  beforeAll(async () => {
    harness = await startRepairHarness();
  });
  afterAll(async () => {
    await harness.close();
  });
  beforeEach(() => {
    harness.server.clearLog();
    harness.server.setHandler(undefined);
  });

  it('repair: the candidate is the block defining the functions of the code under repair', async () => {
    harness.server.enqueue(twoBlocks(fixedCode));
    // Guards off: without the names the usage example would be taken, and it is clean too.
    const result = await patch({
      code: vulnerableCode,
      strategy: 'direct',
      model: harness.model(),
      analyzer: harness.analyzer,
      options: { guards: false },
    });
    expect(result.trace.steps.find((step) => step.kind === 'candidate')?.code).toBe(fixedCode);
    expect(result.status).toBe('secure');
    expect(result.code).toBe(fixedCode);
  });

  it('generation: the code is the block completing the stub', async () => {
    harness.server.enqueue(twoBlocks(vulnerableCode), fenced(fixedCode));
    const result = await patch({
      task: { kind: 'completion', prompt: 'import yaml\n\n\ndef load_config(path):\n    """Load the YAML file."""\n' },
      strategy: 'direct',
      model: harness.model(),
      analyzer: harness.analyzer,
    });
    expect(result.originalCode).toBe(vulnerableCode);
    expect(result.findingsBefore.map((finding) => finding.ruleId)).toEqual(['B506']);
    expect(result.code).toBe(fixedCode);
  });
});
