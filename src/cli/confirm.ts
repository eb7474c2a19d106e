// The "yes" prompt of apply and destroy: only on a TTY; without one, --auto-approve is required.
import { createInterface } from 'node:readline/promises';
import { ExitError } from '../core/errors.js';

export async function confirm(question: string, io: { input: NodeJS.ReadableStream & { isTTY?: boolean }; output: NodeJS.WritableStream }): Promise<boolean> {
  if (!io.input.isTTY) {
    throw new ExitError(1, 'refusing to apply without confirmation: no terminal to ask on; re-run with --auto-approve');
  }
  const rl = createInterface({ input: io.input, output: io.output });
  try {
    const answer = await rl.question(`${question}\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: `);
    return answer.trim() === 'yes';
  } finally {
    rl.close();
  }
}
