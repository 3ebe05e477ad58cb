import { useMemo } from 'react';
import type { ModelCallFacts, SpanDetail } from '../../../../shared/run-data';
import { formatCost, formatCount } from '../../format/format';
import { chatOf, rawInputOutput, type ChatMessage } from './model-chat';
import { PaneSection } from './PaneSection';

/** `1,234 (1,000 in · 234 out)`, the split only when the trace gives it. */
function TokenCounts({ call }: { call: ModelCallFacts }) {
  return (
    <>
      {formatCount(call.totalTokens)}
      {call.inputTokens !== null || call.outputTokens !== null ? (
        <span className="muted">
          {' '}
          ({formatCount(call.inputTokens)} in · {formatCount(call.outputTokens)} out)
        </span>
      ) : null}
    </>
  );
}

/**
 * A model call of another tool's trace, read like one of ours: the model, its usage and cost, and
 * the conversation as a chat (system, user, assistant, tool), with the tools the model called.
 */
export function ModelCallSection({ detail, call }: { detail: SpanDetail; call: ModelCallFacts }) {
  const messages = useMemo(() => chatOf(detail), [detail]);
  const raw = useMemo(() => rawInputOutput(detail.attributes), [detail.attributes]);
  return (
    <PaneSection title="Model call" testId="model-call">
      <dl className="facts facts--inline" data-testid="model-call-facts">
        <dt>Model</dt>
        <dd className="mono" data-testid="model-call-model">
          {call.model ?? '—'}
        </dd>
        {call.provider ? (
          <>
            <dt>Provider</dt>
            <dd data-testid="model-call-provider">{call.provider}</dd>
          </>
        ) : null}
        <dt>Tokens</dt>
        <dd data-testid="model-call-tokens">
          <TokenCounts call={call} />
        </dd>
        <dt>Cost</dt>
        <dd
          data-testid="model-call-cost"
          title={call.cost === null ? 'No known price for this model' : undefined}
        >
          {formatCost(call.cost)}
        </dd>
      </dl>
      {messages.length > 0 ? (
        <ol className="chat" data-testid="model-chat" aria-label="Messages">
          {messages.map((message, index) => (
            <ChatItem key={index} message={message} />
          ))}
        </ol>
      ) : raw.input !== null || raw.output !== null ? (
        <>
          {raw.input !== null ? (
            <>
              <div className="node-section__label">Input</div>
              <pre className="text-block" data-testid="model-call-input">
                {raw.input}
              </pre>
            </>
          ) : null}
          {raw.output !== null ? (
            <>
              <div className="node-section__label">Output</div>
              <pre className="text-block" data-testid="model-call-output">
                {raw.output}
              </pre>
            </>
          ) : null}
        </>
      ) : (
        <p className="muted" data-testid="model-chat-none">
          The trace does not record this call&apos;s messages.
        </p>
      )}
    </PaneSection>
  );
}

function ChatItem({ message }: { message: ChatMessage }) {
  return (
    <li
      className={`chat__message chat__message--${roleClass(message.role)}${message.output ? ' chat__message--output' : ''}`}
      data-testid="chat-message"
      data-role={message.role}
    >
      <div className="chat__role">
        <span data-testid="chat-role">{message.role}</span>
        {message.output ? <span className="muted"> · response</span> : null}
        {message.toolCallId ? <span className="muted mono"> · answers {message.toolCallId}</span> : null}
      </div>
      {message.text !== null ? (
        <div className="chat__text" data-testid="chat-text">
          {message.text}
        </div>
      ) : null}
      {message.toolCalls.map((call, index) => (
        <div key={index} className="chat__tool-call" data-testid="chat-tool-call">
          <span className="chat__tool-name mono" data-testid="chat-tool-name">
            {call.name}
          </span>
          {call.id ? <span className="muted mono"> {call.id}</span> : null}
          {call.arguments !== null ? (
            <code className="chat__tool-args" data-testid="chat-tool-args">
              {call.arguments}
            </code>
          ) : null}
        </div>
      ))}
    </li>
  );
}

/** Known roles get their colour; any other is drawn as a plain message. */
function roleClass(role: string): string {
  return ['system', 'user', 'assistant', 'tool'].includes(role) ? role : 'other';
}
