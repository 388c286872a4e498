// Shared by the strategy, pipeline and CLI tests: a real stub server over HTTP, the real openai provider, real
// Bandit, and a small vulnerable program with its genuine repair.
import { createBanditEngine } from '../../analyzers/bandit/index.js';
import type { Analyzer } from '../../analyzers/types.js';
import { createLanguageModel, startStubServer, type StubRequest, type StubServer } from '../../llm/index.js';
import type { ManagedLanguageModel } from '../../llm/index.js';

/** B506 (yaml.load without a safe loader) on line 6. */
export const vulnerableCode = `import yaml


def load_config(path):
    with open(path) as handle:
        data = yaml.load(handle)
    return data
`;

export const fixedCode = vulnerableCode.replace('yaml.load(handle)', 'yaml.safe_load(handle)');

/** Still B506: the flagged statement is unchanged (a comment moves it down a line). */
export const stillVulnerableCode = vulnerableCode.replace('def load_config', '# loads the config\ndef load_config');

export function fenced(code: string, prose = 'Here is the code:'): string {
  return `${prose}\n\n\`\`\`python\n${code.endsWith('\n') ? code : `${code}\n`}\`\`\`\n`;
}

export interface RepairHarness {
  readonly server: StubServer;
  readonly analyzer: Analyzer;
  model(name?: string): ManagedLanguageModel;
  /** The user message of each logged request, in order. */
  prompts(): string[];
  /** The model named in each logged request, in order. */
  models(): (string | undefined)[];
  requests(): readonly StubRequest[];
  close(): Promise<void>;
}

export async function startRepairHarness(): Promise<RepairHarness> {
  const server = await startStubServer();
  const analyzer = createBanditEngine({ concurrency: 1 });
  const models: ManagedLanguageModel[] = [];
  return {
    server,
    analyzer,
    model(name = 'gpt-4') {
      const model = createLanguageModel(`openai:${name}`, {
        baseUrl: server.openaiBaseUrl,
        apiKey: 'stub-key',
        retry: { maxRetries: 0 },
      });
      models.push(model);
      return model;
    },
    prompts: () => server.requests.map((request) => request.messages.at(-1)?.content ?? ''),
    models: () => server.requests.map((request) => request.model),
    requests: () => server.requests,
    async close() {
      await Promise.all(models.map((model) => model.close()));
      await analyzer.close();
      await server.close();
    },
  };
}
