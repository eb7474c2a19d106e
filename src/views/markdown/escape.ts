// Markdown and HTML escaping for GitHub-flavoured comments: values must render literally,
// and a `|` inside a value must not split a table cell.

/** Inline code that survives inside a table cell, including values that contain backticks. */
export function code(s: string): string {
  const cell = s.replace(/\|/g, '\\|');
  const runs = cell.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = cell.startsWith('`') || cell.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${cell}${pad}${fence}`;
}

/** Text for HTML contexts (`<summary>`, `<code>`). */
export function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Plain text in the middle of a line: neutralises inline Markdown and HTML markup (`>` and `#` only
 * matter at the start of a line, where this text never goes).
 */
export function text(s: string): string {
  return s.replace(/[\\`*_[\]<|]/g, (ch) => `\\${ch}`);
}
