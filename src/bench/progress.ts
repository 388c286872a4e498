// The live progress display on stderr: a bar with ETA, tokens, cost and errors on a terminal; otherwise a plain line
// every few seconds (logs and CI stay readable).
import cliProgress from 'cli-progress';

import type { RunProgress } from './runner.js';

export interface ProgressDisplay {
  update(progress: RunProgress): void;
  stop(): void;
}

function formatEta(progress: RunProgress): string {
  const doneNow = progress.done - progress.doneAtStart;
  const left = progress.total - progress.done;
  if (doneNow <= 0 || left <= 0) return left <= 0 ? '0s' : '?';
  const seconds = Math.round(((progress.elapsedMs / doneNow) * left) / 1000);
  return seconds >= 3600
    ? `${String(Math.floor(seconds / 3600))}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`
    : seconds >= 60
      ? `${String(Math.floor(seconds / 60))}m${String(seconds % 60).padStart(2, '0')}s`
      : `${String(seconds)}s`;
}

function fields(progress: RunProgress): Record<string, string> {
  return {
    eta_text: formatEta(progress),
    tokens: String(progress.inputTokens + progress.outputTokens),
    cost: progress.costUsd.toFixed(4),
    errors: String(progress.errors),
  };
}

export function createProgressDisplay(
  stream: NodeJS.WriteStream = process.stderr,
  plainIntervalMs = 5_000,
  unit = 'tasks',
): ProgressDisplay {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `{bar} {value}/{total} ${unit} | ETA {eta_text} | {tokens} tokens | \${cost} | {errors} errors`,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(progress) {
        if (!started) {
          bar.start(progress.total, progress.done, fields(progress));
          started = true;
        } else bar.update(progress.done, fields(progress));
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let last = 0;
  let latest: RunProgress | undefined;
  const write = (progress: RunProgress): void => {
    const values = fields(progress);
    stream.write(
      `progress: ${String(progress.done)}/${String(progress.total)} ${unit}, ETA ${values.eta_text ?? '?'}, ` +
        `${values.tokens ?? '0'} tokens, $${values.cost ?? '0'}, ${values.errors ?? '0'} errors\n`,
    );
  };
  return {
    update(progress) {
      latest = progress;
      const now = Date.now();
      if (now - last >= plainIntervalMs) {
        last = now;
        write(progress);
      }
    },
    stop() {
      if (latest !== undefined) write(latest);
      latest = undefined;
    },
  };
}
