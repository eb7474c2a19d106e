// The `drift --notify` message: Slack-compatible JSON (`text` for notifications and clients without
// blocks, `blocks` for the layout) saying what changed since the last run. It names resources and
// fields only, never a value, so that no secret (nor any other live value) can reach the chat.
import type { DriftReport } from '../../engine/drift.js';
import { ageText, headline, shortPath, shortTime } from '../drift-rows.js';
import { plural } from '../wording.js';

/** Items listed per section; the rest is counted. */
const MAX_ITEMS = 15;
/** Slack's limit on the text of a section block (characters). */
const SECTION_LIMIT = 3000;

export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

/** Text for Slack's mrkdwn: `&`, `<` and `>` are its only control characters. */
function mrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function section(title: string, items: string[]): Record<string, unknown> {
  const shown = items.slice(0, MAX_ITEMS).map((i) => `• ${i}`);
  if (items.length > MAX_ITEMS) shown.push(`…and ${items.length - MAX_ITEMS} more`);
  let body = `*${title}*\n${shown.join('\n')}`;
  if (body.length > SECTION_LIMIT) body = `${body.slice(0, SECTION_LIMIT - 1)}…`;
  return { type: 'section', text: { type: 'mrkdwn', text: body } };
}

/** The message for a report with `history` (what is new, what changed, what was resolved). */
export function slackMessage(r: DriftReport): SlackMessage {
  const h = r.history;
  const fresh: string[] = [];
  const moved: string[] = [];
  for (const x of r.resources) {
    if (x.history?.state === 'new') fresh.push(`\`${mrkdwn(x.address)}\` ${mrkdwn(x.status === 'missing-live' ? 'missing live' : 'owned but in no manifest')}`);
    const newFields = x.fields.filter((f) => f.history?.state === 'new').map((f) => shortPath(f.path));
    if (newFields.length > 0) fresh.push(`\`${mrkdwn(x.address)}\` ${mrkdwn(newFields.join(', '))}`);
    const movedFields = x.fields.filter((f) => f.history?.valueChanged).map((f) => shortPath(f.path));
    if (movedFields.length > 0) moved.push(`\`${mrkdwn(x.address)}\` ${mrkdwn(movedFields.join(', '))}`);
  }
  const resolved = (h?.resolved ?? []).map((x) => `\`${mrkdwn(x.address)}\`${x.path ? ` ${mrkdwn(shortPath(x.path))}` : ''} (drifted since ${mrkdwn(shortTime(x.firstSeen))})`);
  const counts = [
    h && h.new > 0 ? plural(h.new, 'new drift', 'new drifts') : undefined,
    moved.length > 0 ? `${moved.length} changed` : undefined,
    h && h.resolved.length > 0 ? `${h.resolved.length} resolved` : undefined,
  ].filter(Boolean).join(', ');
  const oldest = h?.oldestFirstSeen && h.persistent > 0 ? `; oldest drift ${ageText(Math.max(0, Date.parse(r.generatedAt) - Date.parse(h.oldestFirstSeen)))}` : '';
  const text = `caretaker drift, stack ${r.stack}: ${counts || 'no change'}. ${headline(r)}`;
  const blocks: Array<Record<string, unknown>> = [
    { type: 'header', text: { type: 'plain_text', text: `caretaker drift: ${r.stack}`.slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: `*${mrkdwn(counts || 'no change')}* since the last run. ${mrkdwn(headline(r))}` } },
  ];
  if (fresh.length > 0) blocks.push(section('New drift', fresh));
  if (moved.length > 0) blocks.push(section('Drifted value changed', moved));
  if (resolved.length > 0) blocks.push(section('Resolved', resolved));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwn(`live state read ${shortTime(r.generatedAt)}${oldest}; values are in the drift report, not here`) }] });
  return { text, blocks };
}
