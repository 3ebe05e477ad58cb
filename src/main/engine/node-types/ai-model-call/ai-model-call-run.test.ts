import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlowDefinition } from '../../definitions/component';
import { NodeDefinition } from '../../definitions/node';
import type { RunEvent } from '../../events';
import { startTestServer, type TestServer } from '../../../../../test-support/providers/http-test-server';
import { writeOpenAiError, writeOpenAiStream } from '../../../../../test-support/providers/openai-wire';
import { RunContext } from '../../run-context';
import { FlowRunner } from '../../runners/flow-runner';
import { NodeTypeRegistry } from '../registry';
import { createAiModelCallNode } from './ai-model-call-node';

const KEY = 'sk-test-SECRET123';

let projectRoot: string;
let server: TestServer | null = null;
beforeEach(async () => {
  projectRoot = await mkdtemp(join(tmpdir(), 'ai-model-call-run-'));
});
afterEach(async () => {
  await server?.close();
  server = null;
  await rm(projectRoot, { recursive: true, force: true });
});

async function allFileTexts(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => readFile(join(entry.parentPath, entry.name), 'utf8')),
  );
}

async function runFlow(flow: FlowDefinition, env: Record<string, string>) {
  const nodeTypes = new NodeTypeRegistry().register(
    createAiModelCallNode({ env, retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 10 } }),
  );
  const ctx = new RunContext({ rootComponentId: 'demo', projectRoot, enableOutcomeRepo: false });
  const events: RunEvent[] = [];
  ctx.events.subscribe((event) => events.push(event));
  const result = await new FlowRunner(flow, ctx, { nodeTypes }).run();
  return { result, events, runDir: ctx.runDir };
}

describe('ai_model_call in a run', () => {
  it('chains two calls through context, records usage and spans, and writes the key nowhere in the run', async () => {
    server = await startTestServer((req, res, index) =>
      writeOpenAiStream(res, {
        model: 'gpt-4o-mini',
        pieces: index === 0 ? ['First', ' answer'] : ['Second', ' answer'],
        usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 },
      }),
    );
    const flow = new FlowDefinition()
      .node('ask', new NodeDefinition('ai_model_call', { prompt: 'Start', model: 'gpt-4o-mini' }))
      .node(
        'follow',
        new NodeDefinition('ai_model_call', {
          prompt: 'Go on',
          model: 'gpt-4o-mini',
          context: ['$expr{$hier{ask}.outcome.text}'],
        }),
      );
    const { result, events, runDir } = await runFlow(flow, {
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: `${server.url}/v1`,
    });
    expect(result.execution_status).toBe('completed');
    expect((server.requests[1]?.body as { messages: { content: string }[] }).messages[0]?.content).toBe(
      '<context index="1">\nFirst answer\n</context>\n\nGo on',
    );

    const nodeDir = join(runDir, 'demo', 'follow');
    const nodeResult = JSON.parse(await readFile(join(nodeDir, 'result.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(nodeResult).toMatchObject({
      execution_status: 'completed',
      outcome: { text: 'Second answer', files: [] },
      usage_prompt_tokens: 10,
      usage_total_tokens: 12,
    });
    expect(JSON.parse(await readFile(join(nodeDir, 'state.json'), 'utf8'))).toMatchObject({
      context: ['First answer'],
    });
    const spans = (await readFile(join(runDir, '.trace', 'trace.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { name: string; attributes: Record<string, unknown> });
    const callSpan = spans.find((span) => span.name === 'ai_model_call.execute');
    expect(callSpan?.attributes).toMatchObject({
      'dad.node_internal.ai_model_name': 'gpt-4o-mini',
      'dad.node_internal.ai_model_provider': 'openai',
      'dad.result.response_text': 'First answer',
      'dad.result.finish_reason': 'stop',
    });
    expect(events.filter((event) => event.type === 'node_output_delta')).toHaveLength(4);

    const everything = [...(await allFileTexts(runDir)), JSON.stringify(events)].join('\n');
    expect(everything).toContain('Second answer');
    expect(everything).not.toContain('SECRET123');
  });

  it('fails the run on a 401 with the hint, and writes the key nowhere even when the server echoes it', async () => {
    server = await startTestServer((_req, res) =>
      writeOpenAiError(res, 401, `Incorrect API key provided: ${KEY}`),
    );
    const flow = new FlowDefinition().node(
      'ask',
      new NodeDefinition('ai_model_call', { prompt: 'Start', model: 'gpt-4o-mini' }),
    );
    const { result, events, runDir } = await runFlow(flow, {
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: `${server.url}/v1`,
    });
    expect(result.execution_status).toBe('failed');
    const nodeResult = JSON.parse(await readFile(join(runDir, 'demo', 'ask', 'result.json'), 'utf8')) as {
      error: string;
    };
    expect(nodeResult.error).toContain('authentication failed: check OPENAI_API_KEY');
    const everything = [...(await allFileTexts(runDir)), JSON.stringify(events)].join('\n');
    expect(everything).toContain('Incorrect API key provided');
    expect(everything).not.toContain('SECRET123');
  });
});
