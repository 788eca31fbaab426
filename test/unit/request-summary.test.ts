import { describe, expect, it } from 'vitest';
import { requestSummary } from '../../src/slack/request-summary.js';

describe('requestSummary (what a failed request’s log line says)', () => {
  it.each([
    ['a slash command', { command: '/progress', text: 'NJ-01 40 secret note', user_id: 'U1', team_id: 'T1' }, undefined, { type: 'slash_command', command: '/progress', user: 'U1', team: 'T1' }],
    ['a button', { type: 'block_actions', user: { id: 'U2' }, team: { id: 'T1' }, actions: [{ action_id: 'approval_approve', value: '7' }] }, undefined, { type: 'block_actions', action: 'approval_approve', user: 'U2', team: 'T1' }],
    ['a modal', { type: 'view_submission', user: { id: 'U3' }, view: { callback_id: 'progress_modal', state: { values: { note: 'x' } } } }, { userId: 'U3', teamId: 'T9' }, { type: 'view_submission', callback: 'progress_modal', user: 'U3', team: 'T9' }],
    ['an event', { type: 'event_callback', team_id: 'T1', event: { type: 'app_home_opened', user: 'U4' } }, undefined, { type: 'event_callback', event: 'app_home_opened', user: 'U4', team: 'T1' }],
    ['a shortcut', { type: 'shortcut', callback_id: 'open', user: { id: 'U5' } }, undefined, { type: 'shortcut', callback: 'open', user: 'U5' }],
    ['nothing readable', undefined, undefined, {}],
    ['a body of the wrong shape', { type: 5, actions: 'x', user: 'U6' }, undefined, {}],
  ])('%s', (_name, body, context, expected) => {
    expect(requestSummary(body, context)).toEqual(expected);
  });

  it('never carries the text, values or tokens of the request', () => {
    const summary = JSON.stringify(requestSummary({ command: '/progress', text: 'secret note', token: 'xoxb-secret', user_id: 'U1' }));
    expect(summary).not.toContain('secret');
  });
});
