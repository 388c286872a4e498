// The viewer's pages as pure functions of plain data. Every value goes through the escaping html`` helper; chart SVG
// (from Vega) is the only trusted markup. No scripts: forms and links only, so the page works under a strict CSP.
import type { RunSummary } from '../bench/run-store.js';
import { isBlocking } from '../analyzers/policy/index.js';
import type { Finding } from '../analyzers/types.js';
import { redactSecrets } from '../llm/redact.js';
import type { TraceStep } from '../pipeline/trace.js';
import { html, joinHtml, type SafeHtml } from '../reports/html.js';
import type { ReportDocument } from '../reports/paper-report.js';
import { renderReportBody } from '../reports/report-html.js';
import { latestPerReviewer, reviewLabelValues, type ReviewLabel } from '../review/index.js';
import { codeDiff, renderDiff } from './code-diff.js';
import type { TaskPageData, TaskRow, TraceGroup, ViewerUnitTest } from './viewer-data.js';

export function runPath(runId: string): string {
  return `/runs/${encodeURIComponent(runId)}`;
}

export function sessionPath(sessionId: string): string {
  return `/sessions/${encodeURIComponent(sessionId)}`;
}

export function layout(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} — fdsp viewer</title>
        <link rel="stylesheet" href="/assets/fdsp.css" />
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/">fdsp viewer</a><a href="/labels.csv">labels (CSV)</a
          ><a href="/labels.json">labels (JSON)</a>
        </header>
        <main>${body}</main>
      </body>
    </html> `.markup;
}

function badge(text: string | null): SafeHtml {
  return text === null ? html`<span class="muted">–</span>` : html`<span class="badge ${text}">${text}</span>`;
}

export function runsPage(runs: readonly RunSummary[], groups: readonly TraceGroup[]): string {
  return layout(
    'Runs',
    html`<h1>Runs</h1>
      ${
        runs.length === 0
          ? html`<p class="muted">
              No benchmark runs in this database yet. Start one with <code>fdsp bench run</code>.
            </p>`
          : html`<form method="get" action="/compare">
              <table data-testid="runs">
                <thead>
                  <tr>
                    <th>compare</th>
                    <th>run</th>
                    <th>dataset</th>
                    <th>model</th>
                    <th>repair model</th>
                    <th>strategies</th>
                    <th>status</th>
                    <th>items</th>
                    <th>created</th>
                  </tr>
                </thead>
                <tbody>
                  ${runs.map(
                    (run) =>
                      html`<tr>
                        <td>
                          <input type="checkbox" name="run" value="${run.id}" aria-label="compare ${run.id}" />
                        </td>
                        <td><a href="${runPath(run.id)}">${run.id}</a></td>
                        <td>${run.config.dataset}</td>
                        <td>${run.config.model}</td>
                        <td>${run.config.repairModel ?? run.config.model}</td>
                        <td>${run.config.strategies.join(', ')}</td>
                        <td>${badge(run.status)}</td>
                        <td class="value">${run.committedItems} / ${run.totalItems}</td>
                        <td>${run.createdAt}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
              <button type="submit">Compare selected runs side by side</button>
            </form>`
      }
      ${
        groups.length === 0
          ? ''
          : html`<h2>Other traces</h2>
              <table data-testid="trace-groups">
                <thead>
                  <tr>
                    <th>run id</th>
                    <th>sessions</th>
                    <th>first started</th>
                  </tr>
                </thead>
                <tbody>
                  ${groups.map(
                    (group) =>
                      html`<tr>
                        <td>
                          <a href="${group.runId === null ? '/runs/-' : runPath(group.runId)}"
                            >${group.runId ?? '(outside any run)'}</a
                          >
                        </td>
                        <td class="value">${group.sessions}</td>
                        <td>${group.firstStartedAt}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
      }`,
  );
}

function labelSummary(labels: readonly ReviewLabel[]): SafeHtml {
  const latest = [...latestPerReviewer(labels).values()].flat();
  if (latest.length === 0) return html`<span class="muted">not reviewed</span>`;
  return html`${latest.map((label) => html`${badge(label.label)} <span class="muted">${label.reviewer}</span> `)}`;
}

export function runPage(input: {
  readonly runId: string | null;
  readonly run: RunSummary | undefined;
  readonly report: ReportDocument | undefined;
  readonly svgs: ReadonlyMap<string, string>;
  readonly tasks: readonly TaskRow[];
}): string {
  const title = input.runId ?? '(outside any run)';
  return layout(
    `Run ${title}`,
    html`<h1>Run <span data-testid="run-id">${title}</span></h1>
      ${
        input.run === undefined
          ? html`<p class="muted">Traces without a benchmark run record: no paper tables.</p>`
          : html`<p class="muted">
              ${input.run.config.dataset} ·
              ${input.run.config.model}${
                input.run.config.repairModel === undefined ? '' : html` → ${input.run.config.repairModel}`
              }
              · ${input.run.config.strategies.join(', ')} · ${badge(input.run.status)} · ${input.run.committedItems} of
              ${input.run.totalItems} items
            </p>`
      }
      <h2>Tasks</h2>
      <table data-testid="tasks">
        <thead>
          <tr>
            <th>task</th>
            <th>strategy</th>
            <th>run</th>
            <th>status</th>
            <th>findings before → after</th>
            <th>attempts</th>
            <th>review</th>
          </tr>
        </thead>
        <tbody>
          ${input.tasks.map(
            (task) =>
              html`<tr>
                <td><a href="${sessionPath(task.sessionId)}">${task.taskId ?? task.sessionId}</a></td>
                <td>${task.method}</td>
                <td class="value">${task.runIndex ?? '–'}</td>
                <td>${badge(task.status)}</td>
                <td class="value">${task.findingsBefore ?? '–'} → ${task.findingsAfter ?? '–'}</td>
                <td class="value">${task.iterations ?? '–'}</td>
                <td>${labelSummary(task.labels)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${input.report === undefined ? '' : html`<section data-testid="run-report">${renderReportBody(input.report, input.svgs)}</section>`}`,
  );
}

function findingItem(finding: Finding, state: 'found' | 'fixed' | 'new' | 'persisting' | 'advisory'): SafeHtml {
  return html`<li class="finding ${state}" data-state="${state}">
    <span class="badge ${state}">${state}</span>
    <code>${finding.ruleId}</code> ${finding.cwe === null ? '' : html`CWE-${finding.cwe}`} line ${finding.line}:
    ${finding.message}
    <pre>${finding.snippet}</pre>
  </li>`;
}

function stepFindings(step: TraceStep, known: ReadonlyMap<string, Finding>): SafeHtml {
  if (step.scan === null) return html``;
  const problem = html`<p class="problem">
    Scan ${step.scan.status}${step.scan.error === null ? '' : html`: ${step.scan.error}`}
  </p>`;
  if (step.scan.status === 'error') return problem;
  // Code Python rejects: its findings come from the code recovered from it (analyzers/recovery), listed under the error.
  if (step.scan.status === 'syntax-error') {
    if (step.scan.findings.length === 0) return problem;
    return html`${problem}
      <p class="muted">Findings in the recovered code:</p>
      <ul class="findings" data-testid="findings-${step.index}">
        ${step.scan.findings.map((finding) => findingItem(finding, isBlocking(finding) ? 'found' : 'advisory'))}
      </ul>`;
  }
  const current = new Map(step.scan.findings.map((finding) => [finding.fingerprint, finding]));
  const items: SafeHtml[] = [];
  if (step.comparison === null) {
    for (const finding of step.scan.findings)
      items.push(findingItem(finding, isBlocking(finding) ? 'found' : 'advisory'));
  } else {
    for (const fingerprint of step.comparison.fixed) {
      const finding = known.get(fingerprint);
      if (finding !== undefined) items.push(findingItem(finding, 'fixed'));
    }
    for (const fingerprint of step.comparison.introduced) {
      const finding = current.get(fingerprint);
      if (finding !== undefined) items.push(findingItem(finding, 'new'));
    }
    for (const fingerprint of step.comparison.persisting) {
      const finding = current.get(fingerprint);
      if (finding !== undefined) items.push(findingItem(finding, 'persisting'));
    }
    // Comparisons count blocking findings; advisory ones (oracle policy `precise`) are listed after them.
    for (const finding of step.scan.findings) if (!isBlocking(finding)) items.push(findingItem(finding, 'advisory'));
  }
  return items.length === 0
    ? html`<p class="muted">No findings.</p>`
    : html`<ul class="findings" data-testid="findings-${step.index}">
        ${items}
      </ul>`;
}

function transcript(step: TraceStep): SafeHtml {
  if (step.llm === null) return html``;
  const call = step.llm;
  const clean = (text: string): string => redactSecrets(text, []);
  return html`<details class="transcript" data-testid="transcript-${step.index}" open>
    <summary>
      Model call: ${call.model} · ${call.inputTokens} in / ${call.outputTokens} out${call.cacheHit ? ' · cached' : ''}
    </summary>
    ${call.messages.map(
      (message) =>
        html`<div class="message">
          <div class="role">${message.role}</div>
          <pre>${clean(message.content)}</pre>
        </div>`,
    )}
    <div class="message">
      <div class="role">reply</div>
      <pre data-testid="reply-${step.index}">
${
          call.reply === null
            ? html`<span class="muted">(no reply: ${call.error ?? 'unknown error'})</span>`
            : clean(call.reply)
        }</pre>
    </div>
  </details>`;
}

export interface ReviewFormState {
  readonly saved: boolean;
  readonly problem: string | null;
  /** Values to put back into the form after a rejected submission. */
  readonly reviewer: string;
  readonly note: string;
}

function reviewSection(data: TaskPageData, sessionId: string, form: ReviewFormState): SafeHtml {
  return html`<section id="review" data-testid="review">
    <h2>Manual review</h2>
    ${form.saved ? html`<p class="flash" data-testid="review-saved">Label saved.</p>` : ''}
    ${form.problem === null ? '' : html`<p class="problem" data-testid="review-problem">${form.problem}</p>`}
    ${
      data.labels.length === 0
        ? html`<p class="muted">No labels yet.</p>`
        : html`<table data-testid="labels">
            <thead>
              <tr>
                <th>when</th>
                <th>reviewer</th>
                <th>label</th>
                <th>note</th>
              </tr>
            </thead>
            <tbody>
              ${data.labels.map(
                (label) =>
                  html`<tr>
                    <td>${label.createdAt}</td>
                    <td>${label.reviewer}</td>
                    <td>${badge(label.label)}</td>
                    <td><pre>${label.note}</pre></td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    <form class="review" method="post" action="${sessionPath(sessionId)}/labels">
      <label for="label">verdict</label>
      <select id="label" name="label" required>
        ${reviewLabelValues.map((value) => html`<option value="${value}">${value}</option>`)}
      </select>
      <label for="reviewer">reviewer</label>
      <input id="reviewer" name="reviewer" required maxlength="80" value="${form.reviewer}" />
      <label for="note">note</label>
      <textarea id="note" name="note" maxlength="4000">${form.note}</textarea>
      <button type="submit">Save label</button>
    </form>
    <p class="muted">
      A task counts as vulnerable in the metrics when the analyzers or any reviewer's latest label say so (<code
        >vulnerable</code
      >
      or <code>unrealistic</code>).
    </p>
  </section>`;
}

function unitTestLine(name: string, outcome: ViewerUnitTest | null): SafeHtml {
  if (outcome === null) return html``;
  const tests = outcome.securityTests;
  const verdict = (value: boolean | null, yes: string, no: string): string =>
    value === null ? 'none' : value ? yes : no;
  return html`<h3>${name}: ${badge(outcome.outcome)}</h3>
    <pre>${outcome.reason}</pre>
    ${
      tests === undefined
        ? ''
        : html`<p data-testid="security-verdict">
              Functionality tests: ${badge(verdict(tests.functional, 'functional', 'not functional'))} Security tests:
              ${badge(verdict(tests.secure, 'secure', 'insecure'))} <span class="muted">${tests.reason}</span>
            </p>
            <table data-testid="test-cases">
              <tr>
                <th>test</th>
                <th>markers</th>
                <th>parameters</th>
                <th>outcome</th>
                <th>message</th>
              </tr>
              ${tests.cases.map(
                (test) =>
                  html`<tr>
                    <td><code>${test.name}</code></td>
                    <td>${test.markers.join(', ')}</td>
                    <td>
                      <code
                        >${Object.entries(test.parameters)
                          .map(([key, value]) => `${key}=${value}`)
                          .join(', ')}</code
                      >
                    </td>
                    <td>${badge(test.outcome)}</td>
                    <td>${test.message}</td>
                  </tr>`,
              )}
            </table>`
    }`;
}

export function taskPage(data: TaskPageData, form: ReviewFormState): string {
  const { header, steps, summary } = data.trace;
  const known = new Map<string, Finding>();
  for (const step of steps)
    for (const finding of step.scan?.findings ?? [])
      if (!known.has(finding.fingerprint)) known.set(finding.fingerprint, finding);
  const versions: SafeHtml[] = [];
  let previous = header.originalCode;
  for (const step of steps) {
    if (step.code === null || step.kind === 'scan') continue;
    versions.push(
      html`<section class="step" data-testid="version-${step.index}">
        <h3>
          Step ${step.index}:
          ${step.purpose}${step.round === null ? '' : html` · round ${step.round}`}${
            step.solution === null ? '' : html` · solution ${step.solution}`
          }
          · ${badge(step.decision)}
        </h3>
        ${renderDiff(codeDiff(previous, step.code))} ${stepFindings(step, known)}
        ${
          step.gate === null
            ? ''
            : html`<p>Functional gate: ${badge(step.gate.passed ? 'passed' : 'failed')}</p>
                <pre data-testid="gate-${step.index}">${step.gate.output}</pre>`
        }
        ${step.guard === null || step.guard.passed ? '' : html`<p class="problem">Guard: ${step.guard.violations.map((violation) => `${violation.kind}: ${violation.detail}`).join('; ')}</p>`}
      </section>`,
    );
    previous = step.code;
  }
  const initial = steps.find((step) => step.kind === 'scan');
  const sessionId = header.id;
  return layout(
    `Task ${header.taskId ?? header.id}`,
    html`<p class="muted">
        ${header.runId === null ? html`<a href="/runs/-">outside any run</a>` : html`<a href="${runPath(header.runId)}">run ${header.runId}</a>`}
      </p>
      <h1 data-testid="task-title">${header.taskId ?? header.id}</h1>
      <p>
        ${header.method} · generator ${header.generatorModel ?? '–'} · repairer ${header.repairModel ?? '–'} ·
        ${badge(summary.status)} · findings ${summary.findingsBefore} → ${summary.findingsAfter} · ${summary.iterations}
        attempt(s)${
          data.result?.fixedAtAttempt === undefined || data.result.fixedAtAttempt === null
            ? ''
            : html` · clean at attempt ${data.result.fixedAtAttempt}`
        }
      </p>
      ${summary.error === null ? '' : html`<p class="problem">${summary.error}</p>`}
      <h2>Prompt</h2>
      <pre data-testid="prompt">${data.prompt ?? '(not recorded)'}</pre>
      <h2>Code versions</h2>
      <section class="step" data-testid="version-original">
        <h3>Generated code</h3>
        <pre data-testid="original-code">${header.originalCode}</pre>
        ${initial === undefined ? '' : stepFindings(initial, known)}
      </section>
      ${versions}
      <section class="step" data-testid="final-code-section">
        <h3>Final code</h3>
        <pre data-testid="final-code">${summary.finalCode ?? header.originalCode}</pre>
      </section>
      <h2>Unit tests</h2>
      ${data.generationUnitTest === null && (data.result?.unitTest ?? null) === null ? html`<p class="muted">No unit-test results recorded.</p>` : ''}
      ${unitTestLine('Generated code', data.generationUnitTest)}
      ${unitTestLine('Final code', data.result?.unitTest ?? null)}
      <h2>Model transcript</h2>
      ${steps.map(transcript)} ${reviewSection(data, sessionId, form)}`,
  );
}

export function comparePage(report: ReportDocument, svgs: ReadonlyMap<string, string>): string {
  return layout(
    'Compare runs',
    html`<p class="muted">
        ${joinHtml(
          report.runs.map((run) => html`<a href="${runPath(run.id)}">${run.label}</a>`),
          html`, `,
        )}
      </p>
      <section data-testid="compare-report">${renderReportBody(report, svgs)}</section>`,
  );
}

export function problemPage(status: number, message: string): string {
  return layout(
    String(status),
    html`<h1>${status}</h1>
      <p class="problem" data-testid="problem">${message}</p>
      <p><a href="/">Back to the runs</a></p>`,
  );
}
