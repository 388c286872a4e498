// `fdsp scan` over a package reads it as one program: a request value that reaches a sink in a helper of another
// module is reported at the view's call, with the helper's sink named, and a validator imported from utils cleans.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { runFdsp } from '../../test/support/environment.js';
import { crossModuleFixture, fixtureFiles, markers } from '../analyzers/evaluation/cross-module-fixture.js';

const report = z.object({
  files: z.array(
    z.object({
      path: z.string(),
      findings: z.array(z.object({ ruleId: z.string(), line: z.number(), message: z.string() })),
    }),
  ),
});

describe('fdsp scan over a package', () => {
  it('finds the flows into other modules’ helpers at the call sites, with and without the cache', async () => {
    const tree = mkdtempSync(path.join(tmpdir(), 'fdsp-xmod-scan-'));
    cpSync(crossModuleFixture, tree, { recursive: true });
    const flows = markers(fixtureFiles()).filter((marker) => marker.kind === 'flow');
    for (const cache of [[], ['--no-cache'], []]) {
      const { code, stdout, stderr } = await runFdsp(
        ['scan', 'shop', '--analyzers', 'builtin', '--format', 'json', ...cache],
        { cwd: tree, env: { FDSP_DB: path.join(tree, 'fdsp.db') } },
      );
      expect(code, stderr).toBe(1);
      const found = report
        .parse(JSON.parse(stdout))
        .files.flatMap((file) =>
          file.findings.map((finding) => `${file.path}:${String(finding.line)}:${finding.ruleId}`),
        );
      for (const flow of flows) expect(found).toContain(`${flow.path}:${String(flow.line)}:${flow.ruleId}`);
    }
  }, 60_000);
});
