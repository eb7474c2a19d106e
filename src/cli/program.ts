// The commander program: commands, their flags, and the global options of DESIGN §5.
import { Command, Option } from 'commander';
import type { GlobalOptions } from './context.js';
import { applyCommand, destroyCommand } from './commands/apply.js';
import { driftCommand } from './commands/drift.js';
import { planCommand } from './commands/plan.js';
import { schemaCommand } from './commands/schema.js';
import { simulatorCommand } from './commands/simulator.js';
import { validateCommand } from './commands/validate.js';

/** Builds the program; each action stores its exit code in `result.code`. */
export function buildProgram(result: { code: number }): Command {
  const program = new Command('caretaker')
    .description('Declarative reconciler for the cegedim.cloud ITCare API')
    .version('0.1.0')
    .option('--endpoint <url>', 'ITCare API base URL (default: $ITCARE_ENDPOINT or https://api.cegedim.cloud)')
    .option('--simulator', 'use the embedded ITCare simulator (no credentials; state in .caretaker/simulator.json)')
    .option('--no-color', 'disable colours')
    .option('-v, --verbose', 'log every HTTP request (never credentials)')
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) });
  const global = (): GlobalOptions => program.opts<GlobalOptions>();
  const done = (p: Promise<number>) => p.then((c) => void (result.code = c));

  program.command('validate').argument('[paths...]', 'manifest files or directories', [])
    .description('check manifests: schema, references, interpolation (no network)')
    .action((paths: string[]) => done(validateCommand(paths, global())));

  program.command('plan').argument('[paths...]', 'manifest files or directories', [])
    .description('show the exact API calls that apply would make')
    .option('-o, --out <file>', 'save the plan (JSON, no secrets) for `caretaker apply FILE`')
    .addOption(new Option('--json', 'print the plan JSON').conflicts('markdown'))
    .option('--markdown', 'print the plan as Markdown (for a pull-request comment)')
    .option('--detailed-exitcode', 'exit 2 when there are changes, 0 when none')
    .option('--target <address...>', 'plan only these Kind/name addresses (and what they depend on)')
    .action((paths: string[], flags) => done(planCommand(paths, flags, global())));

  program.command('apply').argument('[paths...]', 'manifest files or directories, or one saved plan file', [])
    .description('apply the changes (asks for "yes" unless --auto-approve)')
    .option('--auto-approve', 'do not ask for confirmation')
    .option('--parallelism <n>', 'resources changed at once and API requests in flight (default 10 and 32)')
    .option('--allow-replace', 'accept replacements (delete then create)')
    .option('--prune', 'also delete owned resources that are no longer in the manifests')
    .option('--max-deletes <n>', 'allow up to N deletions (the blast-radius guard refuses large prunes and destroys without it)')
    .option('--json', 'one JSON event per line')
    .action((paths: string[], flags) => done(applyCommand(paths, flags, global())));

  program.command('destroy').argument('[paths...]', 'manifest files or directories', [])
    .description('delete every resource owned by the stack')
    .option('--auto-approve', 'do not ask for confirmation')
    .option('--parallelism <n>', 'resources deleted at once and API requests in flight (default 10 and 32)')
    .option('--max-deletes <n>', 'allow up to N deletions (destroys of more than 20 resources need it)')
    .option('--json', 'one JSON event per line')
    .action((paths: string[], flags) => done(destroyCommand(paths, flags, global())));

  program.command('drift').argument('[paths...]', 'manifest files or directories', [])
    .description('report differences between live state and manifests (exit 0 in sync, 2 drift, 1 error)')
    .option('--format <format>', 'text, json or markdown', 'text')
    .action((paths: string[], flags) => done(driftCommand(paths, flags, global())));

  program.command('schema').argument('[kind]', 'a kind, e.g. Redis')
    .description('list the kinds, or print the JSON Schema of one kind')
    .action((kind: string | undefined) => done(schemaCommand(kind, global())));

  program.command('simulator')
    .description('run the embedded ITCare simulator on 127.0.0.1')
    .option('--port <n>', 'port (default: a free one)')
    .option('--state <file>', 'persist state in this JSON file')
    .option('--latency <ms>', 'latency added to every answer')
    .option('--action-ms <ms>', 'how long asynchronous actions stay IN_PROGRESS')
    .option('--fault-rate <r>', 'probability (0..1) of a 503 answer')
    .option('--max-in-flight <n>', 'answer 429 (Retry-After: 1) above this many requests in flight')
    .action((flags) => done(simulatorCommand(flags, global())));

  return program;
}
