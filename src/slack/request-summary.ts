/**
 * What a log line says about the Slack request it is about: the payload's type and, where the
 * payload has them, the slash command, the action, the view's callback, the event's type, the
 * user and the workspace. Only ids and names of the request's kind: never a message's text,
 * a modal's values or a token, so a failure's log line can be kept and shared.
 */
export interface RequestSummary {
  type?: string;
  command?: string;
  action?: string;
  callback?: string;
  event?: string;
  user?: string;
  team?: string;
}

type Loose = Record<string, unknown> | undefined;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const field = (value: unknown, key: string): unknown => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined);

export function requestSummary(body: unknown, context?: { userId?: string | undefined; teamId?: string | undefined }): RequestSummary {
  const payload = body as Loose;
  const command = text(field(payload, 'command'));
  const summary: RequestSummary = {
    type: text(field(payload, 'type')) ?? (command ? 'slash_command' : undefined),
    command,
    action: text(field((field(payload, 'actions') as unknown[] | undefined)?.[0], 'action_id')),
    callback: text(field(field(payload, 'view'), 'callback_id')) ?? text(field(payload, 'callback_id')),
    event: text(field(field(payload, 'event'), 'type')),
    user: context?.userId ?? text(field(field(payload, 'user'), 'id')) ?? text(field(payload, 'user_id')) ?? text(field(field(payload, 'event'), 'user')),
    team: context?.teamId ?? text(field(field(payload, 'team'), 'id')) ?? text(field(payload, 'team_id')),
  };
  return Object.fromEntries(Object.entries(summary).filter(([, value]) => value !== undefined)) as RequestSummary;
}
