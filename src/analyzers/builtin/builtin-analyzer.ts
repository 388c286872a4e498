// The builtin analyzer: tree-sitter parse, one module analysis, findings in the shared `Finding` shape.
// Syntax status: tree-sitter recovers from errors, so a file with ERROR nodes is still scanned best-effort and reported
// `ok`; whether code is valid Python is decided by Python's own parser (the Bandit engine), and the union keeps the
// stricter status.
import { fingerprintFindings, snippetOf } from '../fingerprint.js';
import type { Analyzer, FileScanResult, Finding, SourceFile } from '../types.js';
import type { SinkKind } from './taint.js';
import { parsePython } from '../../python-syntax/index.js';
import { ModuleAnalysis } from './analysis.js';
import { createModuleLinks, type ModuleExports, type ModuleLinks } from './engine/project-exports.js';
import { projectLayout } from './engine/project-modules.js';
import { createHooks, ruleById } from './rules/index.js';
import { acceptsSource } from './rules/check-helpers.js';

export const builtinAnalyzerName = 'builtin';
export const builtinAnalyzerVersion = '0.1.0';

export function scanSource(path: string, text: string, only?: ReadonlySet<string>): Finding[] {
  return analyzeSource(path, text, only, undefined).findings;
}

function analyzeSource(
  path: string,
  text: string,
  only: ReadonlySet<string> | undefined,
  links: ModuleLinks | undefined,
): { findings: Finding[]; exports: ModuleExports | undefined } {
  const tree = parsePython(text);
  const analysis = new ModuleAnalysis(text, tree, createHooks(only), links);
  const raw = analysis.run();
  const seen = new Set<string>();
  const located: { ruleId: string; line: number; endLine: number; detail: string | undefined; parameter: boolean }[] =
    [];
  for (const finding of raw) {
    if (!acceptsSource(ruleById.get(finding.ruleId), finding.taint)) continue;
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
  const findings = located.flatMap((item, index): Finding[] => {
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
  // Only a module linked into a project scan is read by others; a file scanned alone has no one to export to.
  return { findings, exports: links ? analysis.exports() : undefined };
}

const sinkKindOf = (ruleId: string): SinkKind | undefined => ruleById.get(ruleId)?.flow?.sink;

function scanFile(
  file: SourceFile,
  links: ModuleLinks | undefined,
): { result: FileScanResult; exports: ModuleExports | undefined } {
  try {
    const { findings, exports } = analyzeSource(file.path, file.text, undefined, links);
    return { result: { path: file.path, status: 'ok', findings }, exports };
  } catch (error: unknown) {
    // Code the parser could not read is the author's error, not the analyzer's: report it as such.
    if (parsePython(file.text).rootNode.hasError) {
      return {
        result: {
          path: file.path,
          status: 'syntax-error',
          error: { message: 'the file is not valid Python', code: 'SYNTAX_ERROR' },
          findings: [],
        },
        exports: undefined,
      };
    }
    return {
      exports: undefined,
      result: {
        path: file.path,
        status: 'error',
        error: { message: error instanceof Error ? error.message : String(error), code: 'INTERNAL' },
        findings: [],
      },
    };
  }
}

/** One batch as a project: modules that import others of the batch are analysed after them, with their summaries;
 * each module once. A file that imports none of the batch is analysed exactly as alone. */
export function scanProjectFiles(files: readonly SourceFile[]): FileScanResult[] {
  const layout = projectLayout(files);
  const exports: (ModuleExports | undefined)[] = files.map(() => undefined);
  const results: (FileScanResult | undefined)[] = files.map(() => undefined);
  for (const index of layout.order) {
    const file = files[index];
    const module = layout.modules[index];
    if (!file || !module) continue;
    const linked = module.imports.length > 0 || layout.imported[index] === true;
    const links = linked ? createModuleLinks(layout, exports, index, sinkKindOf) : undefined;
    const scanned = scanFile(file, links);
    results[index] = scanned.result;
    exports[index] = scanned.exports;
  }
  return files.map((file, index) => results[index] ?? scanFile(file, undefined).result);
}

export interface BuiltinAnalyzerOptions {
  /** Read the files of one `scan` call as one program: summaries and sinks cross its imports. Off by default: a
   * batch of unrelated samples (benchmarks, evaluations) must not resolve names against each other. */
  readonly crossModule?: boolean;
}

export function createBuiltinAnalyzer(options: BuiltinAnalyzerOptions = {}): Analyzer {
  return {
    name: builtinAnalyzerName,
    scan(files: readonly SourceFile[]): Promise<FileScanResult[]> {
      return Promise.resolve(
        options.crossModule === true ? scanProjectFiles(files) : files.map((file) => scanFile(file, undefined).result),
      );
    },
    version: () => Promise.resolve(builtinAnalyzerVersion),
    close: () => Promise.resolve(),
  };
}
