// The builtin analyzer: tree-sitter parse, one module analysis, findings in the shared `Finding` shape.
// Syntax status: tree-sitter recovers from errors, so a file with ERROR nodes is still scanned best-effort and reported
// `ok`; whether code is valid Python is decided by Python's own parser (the Bandit engine), and the union keeps the
// stricter status.
import { fingerprintFindings, snippetOf } from '../fingerprint.js';
import type { Analyzer, FileScanResult, Finding, SourceFile } from '../types.js';
import { parsePython } from '../../python-syntax/index.js';
import { ModuleAnalysis } from './analysis.js';
import { createHooks, ruleById } from './rules/index.js';

export const builtinAnalyzerName = 'builtin';
export const builtinAnalyzerVersion = '0.1.0';

export function scanSource(path: string, text: string, only?: ReadonlySet<string>): Finding[] {
  const tree = parsePython(text);
  const analysis = new ModuleAnalysis(text, tree, createHooks(only));
  const raw = analysis.run();
  const seen = new Set<string>();
  const located: { ruleId: string; line: number; endLine: number; detail: string | undefined; parameter: boolean }[] =
    [];
  for (const finding of raw) {
    const line = finding.node.startRow + 1;
    const key = `${finding.ruleId}:${String(line)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    located.push({
      ruleId: finding.ruleId,
      line,
      endLine: finding.node.endRow + 1,
      detail: finding.detail,
      parameter: finding.taint?.origin === 'parameter',
    });
  }
  located.sort((a, b) => a.line - b.line || a.ruleId.localeCompare(b.ruleId));
  const fingerprints = fingerprintFindings(text, located, tree);
  return located.flatMap((item, index) => {
    const rule = ruleById.get(item.ruleId);
    if (!rule) return [];
    return [
      {
        analyzer: builtinAnalyzerName,
        ruleId: rule.id,
        ruleName: rule.name,
        cwe: rule.cwe,
        severity: rule.severity,
        // Parameters of an ordinary function are a weaker source than request data.
        confidence: item.parameter ? 'low' : rule.confidence,
        message: item.detail ? `${rule.message} (${item.detail}).` : `${rule.message}.`,
        path,
        line: item.line,
        endLine: item.endLine,
        snippet: snippetOf(text, item.line, item.endLine),
        fingerprint: fingerprints[index] ?? '',
        fixHint: rule.fixHint,
      },
    ];
  });
}

export function createBuiltinAnalyzer(): Analyzer {
  return {
    name: builtinAnalyzerName,
    scan(files: readonly SourceFile[]): Promise<FileScanResult[]> {
      return Promise.resolve(
        files.map((file): FileScanResult => {
          try {
            return { path: file.path, status: 'ok', findings: scanSource(file.path, file.text) };
          } catch (error: unknown) {
            // Code the parser could not read is the author's error, not the analyzer's: report it as such.
            if (parsePython(file.text).rootNode.hasError) {
              return {
                path: file.path,
                status: 'syntax-error',
                error: { message: 'the file is not valid Python', code: 'SYNTAX_ERROR' },
                findings: [],
              };
            }
            return {
              path: file.path,
              status: 'error',
              error: { message: error instanceof Error ? error.message : String(error), code: 'INTERNAL' },
              findings: [],
            };
          }
        }),
      );
    },
    version: () => Promise.resolve(builtinAnalyzerVersion),
    close: () => Promise.resolve(),
  };
}
