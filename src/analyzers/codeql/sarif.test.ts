import { describe, expect, it } from 'vitest';

import { parseSarif, sarifFindings } from './sarif.js';

// SARIF 2.1.0 as `codeql database analyze --format=sarif-latest` writes it: rules in tool.driver or extensions.
const sarif = JSON.stringify({
  $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
  version: '2.1.0',
  runs: [
    {
      tool: {
        driver: { name: 'CodeQL', rules: [] },
        extensions: [
          {
            name: 'codeql/python-queries',
            rules: [
              {
                id: 'py/url-redirection',
                name: 'py/url-redirection',
                shortDescription: { text: 'URL redirection from remote source' },
                properties: {
                  tags: ['security', 'external/cwe/cwe-601'],
                  precision: 'high',
                  'security-severity': '6.1',
                },
              },
            ],
          },
        ],
      },
      results: [
        {
          ruleId: 'py/url-redirection',
          rule: { id: 'py/url-redirection', index: 0 },
          message: { text: 'Untrusted URL redirection depends on a user-provided value.' },
          locations: [
            { physicalLocation: { artifactLocation: { uri: 'f0.py' }, region: { startLine: 4, startColumn: 12 } } },
          ],
        },
        {
          ruleId: 'py/url-redirection',
          message: { text: 'elsewhere' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'f10.py' }, region: { startLine: 1 } } }],
        },
      ],
    },
  ],
});
const text = "from flask import redirect, request\n\ndef go():\n    return redirect(request.args['u'])\n";

describe('CodeQL SARIF', () => {
  it('turns results into findings with the CWE from rule tags', () => {
    const parsed = parseSarif(sarif);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const findings = sarifFindings(parsed.value, 'app.py', text, 'f0.py');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      analyzer: 'codeql',
      ruleId: 'py/url-redirection',
      cwe: 601,
      severity: 'medium',
      confidence: 'high',
      line: 4,
      path: 'app.py',
    });
    expect(findings[0]?.snippet).toContain('redirect(');
  });

  it('reports malformed SARIF as a value', () => {
    expect(parseSarif('{').ok).toBe(false);
    expect(parseSarif('{"runs": [{"tool": {}}]}').ok).toBe(false);
  });
});
