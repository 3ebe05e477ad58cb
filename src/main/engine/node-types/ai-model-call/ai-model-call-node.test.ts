import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../events';
import { createLocalProvider, type ModelRequest } from '../../providers';
import { writeAnthropicStream } from '../../../../../test-support/providers/anthropic-wire';
import {
  startTestServer,
  type TestHandler,
  type TestServer,
} from '../../../../../test-support/providers/http-test-server';
import { writeOpenAiError, writeOpenAiStream } from '../../../../../test-support/providers/openai-wire';
import type { LogLevel, NodeOutput, NodeRunContext } from '../types';
import { createAiModelCallNode } from './ai-model-call-node';
import { aiModelCallSettingsSchema, type AiModelCallInput } from './settings';

const KEY = 'sk-test-SECRET123';
const FAST_RETRY = { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 10 };

interface TestContext extends NodeRunContext {
  events: RunEvent[];
  logs: { level: LogLevel; message: string; attributes?: Record<string, unknown> }[];
  controller: AbortController;
}

let projectRoot: string;
let server: TestServer | null = null;
beforeEach(async () => {
  projectRoot = await mkdtemp(join(tmpdir(), 'ai-model-call-'));
});
afterEach(async () => {
  await server?.close();
  server = null;
  await rm(projectRoot, { recursive: true, force: true });
});

async function serve(handler: TestHandler): Promise<TestServer> {
  server = await startTestServer(handler);
  return server;
}

/** The engine's context as a node sees it; files are written at once so tests can look for them mid-call. */
function makeContext(): TestContext {
  const runDir = join(projectRoot, 'runs', 'run_1');
  const nodeDir = join(runDir, 'agent', 'flow', 'ask');
  const controller = new AbortController();
  const events: RunEvent[] = [];
  const logs: TestContext['logs'] = [];
  return {
    runId: 'run_1',
    nodeId: 'ask',
    nodeType: 'ai_model_call',
    hierarchyPath: 'agent.flow.ask',
    nodeDir,
    runDir,
    projectRoot,
    outcomeRepoDir: null,
    signal: controller.signal,
    variables: {},
    controller,
    events,
    logs,
    log: (level, message, attributes) => logs.push({ level, message, ...(attributes ? { attributes } : {}) }),
    writeNodeFile: (fileName, value) => {
      mkdirSync(nodeDir, { recursive: true });
      writeFileSync(join(nodeDir, fileName), JSON.stringify(value, null, 2));
    },
    commitOutcome: async () => null,
    publish: (event) => events.push(event),
  };
}

async function runNode(
  settings: Record<string, unknown>,
  options: { env?: Record<string, string>; input?: AiModelCallInput; context?: TestContext } = {},
): Promise<{ output: NodeOutput; context: TestContext }> {
  const node = createAiModelCallNode({ env: options.env ?? {}, retry: FAST_RETRY });
  const context = options.context ?? makeContext();
  const output = await node.execute(context, aiModelCallSettingsSchema.parse(settings), options.input);
  return { output, context };
}

async function readState(context: TestContext): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(context.nodeDir, 'state.json'), 'utf8')) as Record<string, unknown>;
}

function deltasOf(context: TestContext): string {
  return context.events
    .filter((event) => event.type === 'node_output_delta')
    .map((event) => (event.type === 'node_output_delta' ? event.text : ''))
    .join('');
}

describe('ai_model_call node', () => {
  it('runs offline on the local provider when no key is configured, and says so', async () => {
    const { output, context } = await runNode(
      {
        prompt: 'Summarize {topic} briefly.',
        model: 'gpt-4o-mini',
        system_instructions: ['You write for {audience}.'],
        context: ['Earlier text', null, { n: 1 }],
      },
      {
        input: {
          prompt_variables: { topic: 'the release' },
          instruction_variables: { audience: 'engineers' },
        },
      },
    );

    const response = (output.data as { response: Record<string, unknown> }).response;
    expect(response).toMatchObject({
      model: 'local-deterministic',
      provider: 'local',
      finish_reason: 'stop',
      cost: 0,
      requested_model: 'gpt-4o-mini',
    });
    expect(response.note).toContain('no API key is configured');
    const outcome = output.outcome as { text: string; structured: unknown; files: unknown[] };
    expect(outcome.text).toMatch(
      /^\[local model\] Your prompt has 4 words on 1 line and begins: "Summarize the release briefly\."/,
    );
    expect(outcome).toMatchObject({ structured: null, files: [] });
    expect(response.text).toBe(outcome.text);
    expect(deltasOf(context)).toBe(outcome.text);
    expect(context.events[0]).toMatchObject({
      type: 'node_output_delta',
      runId: 'run_1',
      nodeId: 'ask',
      hierarchyPath: 'agent.flow.ask',
    });
    expect(
      context.logs.some((log) => log.level === 'warn' && log.message.includes('no API key is configured')),
    ).toBe(true);

    expect(await readState(context)).toEqual({
      ai_model: {
        model_name: 'local-deterministic',
        provider: 'local',
        requested_model_name: 'gpt-4o-mini',
        fallback_reason: response.note,
      },
      api: { provider: 'local', host: 'local' },
      model_call_config: { stream: true },
      prompt: 'Summarize the release briefly.',
      context: ['Earlier text', '{\n  "n": 1\n}'],
      instructions: ['You write for engineers.'],
    });
    expect(output.usage).toMatchObject({ cost: 0 });
    expect(output.usage?.totalTokens).toBe(
      (output.usage?.promptTokens ?? 0) + (output.usage?.completionTokens ?? 0),
    );
    expect(output.spanAttributes).toEqual({
      'dad.node_internal.ai_model_name': 'local-deterministic',
      'dad.node_internal.ai_model_provider': 'local',
      'dad.node_internal.final_prompt': 'Summarize the release briefly.',
      'dad.node_internal.system_instructions': ['You write for engineers.'],
      'dad.node_internal.cost': 0,
      'dad.result.token_usage': {
        prompt_tokens: output.usage?.promptTokens,
        completion_tokens: output.usage?.completionTokens,
        total_tokens: output.usage?.totalTokens,
      },
      'dad.result.response_text': outcome.text,
      'dad.result.finish_reason': 'stop',
    });
    expect(output.failure).toBeUndefined();
  });

  it('calls OpenAI with the env key, writes state.json before the request, and leaks the key nowhere', async () => {
    const context = makeContext();
    let stateExistedAtRequest = false;
    const api = await serve((_req, res) => {
      stateExistedAtRequest = existsSync(join(context.nodeDir, 'state.json'));
      return writeOpenAiStream(res, {
        model: 'gpt-4o-mini',
        pieces: ['Hello', ' from', ' OpenAI'],
        usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
      });
    });
    const { output } = await runNode(
      {
        prompt: 'Hi {name}',
        model: 'gpt-4o',
        model_options: { temperature: 0.1, max_tokens: 50 },
        timeout: 30,
      },
      {
        env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${api.url}/v1` },
        input: { prompt_variables: { name: 'Ann' }, model: 'gpt-4o-mini' },
        context,
      },
    );
    expect(stateExistedAtRequest).toBe(true);
    expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(api.requests[0]?.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.1, max_tokens: 50 });
    expect(output.data).toEqual({
      response: {
        model: 'gpt-4o-mini',
        provider: 'openai',
        text: 'Hello from OpenAI',
        finish_reason: 'stop',
        usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
        cost: (100 * 0.15 + 20 * 0.6) / 1e6,
      },
    });
    expect(output.usage).toEqual({
      promptTokens: 100,
      completionTokens: 20,
      totalTokens: 120,
      cost: (100 * 0.15 + 20 * 0.6) / 1e6,
    });
    expect(deltasOf(context)).toBe('Hello from OpenAI');
    const host = api.url.replace('http://', '');
    expect(await readState(context)).toMatchObject({
      ai_model: { model_name: 'gpt-4o-mini', provider: 'openai' },
      api: { provider: 'openai', host },
      model_call_config: { temperature: 0.1, max_tokens: 50, stream: true, timeout_seconds: 30 },
      prompt: 'Hi Ann',
    });

    const everything = [
      ...(await Promise.all(
        (await readdir(context.nodeDir)).map((file) => readFile(join(context.nodeDir, file), 'utf8')),
      )),
      JSON.stringify(output),
      JSON.stringify(context.events),
      JSON.stringify(context.logs),
    ].join('\n');
    expect(everything).toContain('Hello from OpenAI');
    expect(everything).not.toContain('SECRET123');
  });

  it('fails on a 401 with a hint naming OPENAI_API_KEY, and leaks the key nowhere', async () => {
    const api = await serve((_req, res) => writeOpenAiError(res, 401, `Incorrect API key provided: ${KEY}`));
    const context = makeContext();
    const error = await runNode(
      { prompt: 'Hi', model: 'gpt-4o-mini' },
      { env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${api.url}/v1` }, context },
    ).then(
      () => null,
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).toContain('openai: HTTP 401 authentication failed: check OPENAI_API_KEY');
    const everything = [
      error?.message,
      error?.stack,
      JSON.stringify(error),
      await readFile(join(context.nodeDir, 'state.json'), 'utf8'),
      JSON.stringify(context.events),
      JSON.stringify(context.logs),
    ].join('\n');
    expect(everything).not.toContain('SECRET123');
  });

  it('refuses an explicit provider that has no key, naming the variable to set', async () => {
    await expect(runNode({ prompt: 'Hi', provider: 'anthropic' })).rejects.toThrow(/set ANTHROPIC_API_KEY/);
  });

  it('returns a structured answer that matches the schema', async () => {
    const schema = {
      type: 'object',
      properties: { title: { type: 'string' }, points: { type: 'array', items: { type: 'string' } } },
      required: ['title', 'points'],
    };
    const { output, context } = await runNode({
      prompt: 'Outline it',
      structured_output: { name: 'outline', schema },
    });
    expect(output.failure).toBeUndefined();
    expect(output.outcome).toEqual({
      text: '{"title":"title","points":["points"]}',
      structured: { title: 'title', points: ['points'] },
      files: [],
    });
    expect((await readState(context)).model_call_config).toEqual({
      structured_output: { name: 'outline', schema },
      stream: true,
    });
  });

  it('fails the node, keeping usage, when the structured answer does not match the schema', async () => {
    await mkdir(join(projectRoot, '.dhenara', 'fixtures'), { recursive: true });
    await writeFile(
      join(projectRoot, '.dhenara', 'fixtures', 'model-responses.yaml'),
      '- match: "Rate"\n  response: { stars: "five" }\n',
    );
    const schema = { type: 'object', properties: { stars: { type: 'integer' } }, required: ['stars'] };
    const { output } = await runNode({ prompt: 'Rate this', structured_output: { schema } });
    expect(output.failure?.message).toBe(
      'structured output from local model local-deterministic: the answer does not match the schema: stars: Invalid input: expected number, received string',
    );
    expect(output.failure?.errors).toEqual(['stars: Invalid input: expected number, received string']);
    expect(output.outcome).toMatchObject({ structured: null, text: '{"stars":"five"}' });
    expect(output.usage?.totalTokens).toBeGreaterThan(0);
  });

  it('calls Anthropic, leaving out the sampling options it does not take and saying so', async () => {
    const api = await serve((_req, res) =>
      writeAnthropicStream(res, { model: 'claude-haiku-4-5', pieces: ['Hi', '!'] }),
    );
    const { output, context } = await runNode(
      { prompt: 'Hello', model: 'claude-haiku-4-5', model_options: { temperature: 0.3 }, stream: true },
      { env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: api.url } },
    );
    expect(output.outcome).toMatchObject({ text: 'Hi!' });
    expect(api.requests[0]?.body).not.toHaveProperty('temperature');
    expect(
      context.logs.some((log) => log.level === 'warn' && log.message.includes('does not send temperature')),
    ).toBe(true);
    expect((await readState(context)).api).toEqual({
      provider: 'anthropic',
      host: api.url.replace('http://', ''),
    });
  });

  it('stops when the run is cancelled mid-stream', async () => {
    await serve((_req, res) =>
      writeOpenAiStream(res, { model: 'gpt-4o-mini', pieces: ['partial'], stall: true }),
    );
    const context = makeContext();
    const originalPublish = context.publish;
    context.publish = (event) => {
      originalPublish(event);
      context.controller.abort();
    };
    await expect(
      runNode(
        { prompt: 'Hi', model: 'gpt-4o-mini' },
        { env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${server?.url}/v1` }, context },
      ),
    ).rejects.toThrow('openai: the model call was aborted');
    expect(deltasOf(context)).toBe('partial');
  });

  it('uses the provider a host supplies', async () => {
    const seen: ModelRequest[] = [];
    const local = createLocalProvider();
    const node = createAiModelCallNode({
      providerFor: (request) => {
        seen.push(request);
        return local;
      },
    });
    const output = await node.execute(
      makeContext(),
      aiModelCallSettingsSchema.parse({ prompt: 'Hi', model: 'x-1' }),
      undefined,
    );
    expect(seen[0]).toMatchObject({ model: 'x-1', prompt: 'Hi', stream: true });
    expect((output.data as { response: { provider: string } }).response.provider).toBe('local');
  });
});

describe('ai_model_call settings', () => {
  it('refuses a structured_output schema the validator cannot use, and bad model options', () => {
    const unsupported = aiModelCallSettingsSchema.safeParse({
      prompt: 'x',
      structured_output: { schema: { type: 'weird' } },
    });
    expect(unsupported.success).toBe(false);
    expect(unsupported.error?.issues[0]?.message).toContain(
      'unsupported JSON Schema: Unsupported type: weird',
    );
    expect(
      aiModelCallSettingsSchema.safeParse({ prompt: 'x', model_options: { max_token: 5 } }).success,
    ).toBe(false);
    expect(aiModelCallSettingsSchema.safeParse({ prompt: 'x', provider: 'google' }).success).toBe(false);
    expect(aiModelCallSettingsSchema.safeParse({ prompt: 'x', system_instruction: ['typo'] }).success).toBe(
      false,
    );
    expect(aiModelCallSettingsSchema.parse({ prompt: 'x' })).toEqual({
      prompt: 'x',
      provider: 'auto',
      stream: true,
    });
  });
});
