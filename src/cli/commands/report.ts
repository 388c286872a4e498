// `fdsp report <run…>`: the papers' tables and charts for one or more benchmark runs, as Markdown, one self-contained
// HTML file, JSON or CSV. Markdown written to a file gets its charts as SVG and PNG in a `<name>-charts/` folder.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { Option, type Command } from 'commander';

import { FdspError } from '../../errors/index.js';
import {
  buildPaperReport,
  collectReportRuns,
  renderChartSvgs,
  renderReportCsv,
  renderReportHtml,
  renderReportMarkdown,
  svgToPng,
} from '../../reports/index.js';
import { defaultStorePath, openStore } from '../../store/index.js';

/** Reading commands never create a database: a mistyped --db would otherwise show an empty one. */
export function existingDatabase(file: string | undefined): string {
  const resolved = path.resolve(file ?? defaultStorePath());
  if (!existsSync(resolved)) {
    throw new FdspError('PATH_NOT_FOUND', `no fdsp database at ${resolved}`, {
      hint: 'pass --db PATH (or set FDSP_DB) to the database `fdsp bench run` wrote',
    });
  }
  return resolved;
}

type ReportFormat = 'md' | 'html' | 'json' | 'csv';

interface ReportCommandOptions {
  format: ReportFormat;
  output?: string;
  db?: string;
  title?: string;
  evaluation: 'run' | 'latest';
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description("render the papers' tables and charts for benchmark runs (several runs compare side by side)")
    .argument('<runs...>', 'run ids (see `fdsp bench list`); RUN@ID picks evaluation ID of that run')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['md', 'html', 'json', 'csv']).default('md'),
    )
    .option('-o, --output <path>', 'write the report to a file instead of stdout')
    .option('--db <path>', 'the fdsp database (default: $FDSP_DB or .fdsp/fdsp.db)')
    .option('--title <text>', 'report title')
    .addOption(
      new Option('-e, --evaluation <which>', "analyzer verdicts: the run's own, or the newest (after bench rescore)")
        .choices(['run', 'latest'])
        .default('run'),
    )
    .addHelpText(
      'after',
      '\nManual review labels (from `fdsp serve`) count: a task is insecure when the analyzers or any reviewer say so.' +
        '\nExit codes: 0 report written, 2 unknown run or bad usage.',
    )
    .action(async (runIds: string[], options: ReportCommandOptions) => {
      process.exitCode = await runReport(runIds, options);
    });
}

async function runReport(runIds: readonly string[], options: ReportCommandOptions): Promise<number> {
  if (new Set(runIds).size !== runIds.length) throw new FdspError('USAGE', 'a run is named twice');
  const store = openStore(existingDatabase(options.db));
  try {
    const report = buildPaperReport(collectReportRuns(store, runIds, options.evaluation), {
      generatedAt: new Date().toISOString(),
      ...(options.title === undefined ? {} : { title: options.title }),
    });
    let text: string;
    if (options.format === 'json') text = `${JSON.stringify(report, null, 2)}\n`;
    else if (options.format === 'csv') text = renderReportCsv(report);
    else if (options.format === 'html') text = renderReportHtml(report, await renderChartSvgs(report.charts));
    else if (options.output === undefined) text = renderReportMarkdown(report);
    else {
      const parsed = path.parse(options.output);
      const folder = `${parsed.name}-charts`;
      await mkdir(path.join(parsed.dir, folder), { recursive: true });
      const images: Record<string, string> = {};
      for (const [id, svg] of await renderChartSvgs(report.charts)) {
        await writeFile(path.join(parsed.dir, folder, `${id}.svg`), svg);
        await writeFile(path.join(parsed.dir, folder, `${id}.png`), svgToPng(svg));
        images[id] = `${folder}/${id}.png`;
      }
      text = renderReportMarkdown(report, images);
    }
    if (options.output === undefined) process.stdout.write(text);
    else await writeFile(options.output, text);
    return 0;
  } finally {
    store.close();
  }
}
