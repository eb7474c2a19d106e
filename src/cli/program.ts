// The commander program: commands, their flags, and the global options of DESIGN §5.
import { Command, Option } from 'commander';
import type { GlobalOptions } from './context.js';
import { ExitError } from '../core/errors.js';
import { bashCompletion, zshCompletion } from './completion.js';
import { commandHelp } from './help.js';

export const CARETAKER_VERSION = '0.1.0';

/** `--target` is repeatable and takes exactly one value: a path after it is never swallowed as a target. */
const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** `--exclude`, `--target-file`, `--exclude-file` (DESIGN §5): plan, apply, destroy and drift (which also take --target). */
function selectionOptions(cmd: Command, verb: string): Command {
  return cmd
    .option('--exclude <address>', `leave out this Kind/name address or pattern (Redis/*, */orders-*) and what depends on it (repeatable)`, collect)
    .option('--target-file <file>', `${verb} only the addresses or patterns listed in this file (one a line, # comments)`)
    .option('--exclude-file <file>', 'leave out the addresses or patterns listed in this file (one a line, # comments)');
}

/** `--policy FILE` (repeatable; CARETAKER_POLICY too) and `--allow-foreign-origin`. */
function guardOptions(cmd: Command): Command {
  return cmd
    .option('--policy <file>', 'a policy file (kind: Policy) whose rules the plan must satisfy, besides CARETAKER_POLICY and the set\'s Policy documents (repeatable)', collect)
    .option('--allow-foreign-origin', 'change resources of this stack that another manifest set created (their caretaker-origin tag differs), taking them over');
}

const JSON_INTO = '--json-into <file>';
const JSON_INTO_HELP = 'also write the JSON stream (docs/machine-readable.md) to this file, keeping the human output on the terminal';

/** What a command's action needs: the global options, and where its exit code goes. */
interface CommandKit {
  global(): GlobalOptions;
  /** Stores the exit code the command's promise resolves with. */
  done(p: Promise<number>): Promise<void>;
}

/**
 * Builds the program; each action stores its exit code in `result.code`. A command's module is loaded
 * when the command runs, so a run pays only for the modules of its own command. Commands are listed
 * (and shown in the help) in the order they are added.
 */
export function buildProgram(result: { code: number }): Command {
  const program = new Command('caretaker')
    .description('Declarative reconciler for the cegedim.cloud ITCare API')
    .version(CARETAKER_VERSION)
    .option('--endpoint <url>', 'ITCare API base URL (default: $ITCARE_ENDPOINT or https://api.cegedim.cloud)')
    .option('--simulator', 'use the embedded ITCare simulator (no credentials; state in .caretaker/simulator.json)')
    .option('--no-color', 'disable colours')
    .option('-v, --verbose', 'log every HTTP request (never credentials)')
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) });
  const cmd: CommandKit = {
    global: () => program.opts<GlobalOptions>(),
    done: (p) => p.then((c) => void (result.code = c)),
  };
  addPlanningCommands(program, cmd);
  addApplyingCommands(program, cmd);
  addReadingCommands(program, cmd);
  addToolCommands(program, cmd, result);
  return program;
}

/** `validate` and `plan`: what the manifests say and what applying them would do. */
function addPlanningCommands(program: Command, cmd: CommandKit): void {
  program.command('validate').argument('[paths...]', 'manifest files or directories', [])
    .description('check manifests: schema, references, interpolation (no network, no secrets needed)')
    .option('--json', 'machine-readable JSON lines (docs/machine-readable.md): diagnostics, then validate_complete')
    .option(JSON_INTO, JSON_INTO_HELP)
    .option('--policy <file>', 'also check this policy file: every rule must compile (repeatable; CARETAKER_POLICY too)', collect)
    .addHelpText('after', commandHelp('validate'))
    .action((paths: string[], flags) => cmd.done(import('./commands/validate.js').then((m) => m.validateCommand(paths, flags, cmd.global()))));

  program.command('plan').argument('[paths...]', 'manifest files or directories', [])
    .description('show the exact API calls that apply would make')
    .option('-o, --out <file>', 'save the plan (JSON, no secrets) for `caretaker apply FILE`; the directory must exist')
    .addOption(new Option('--json', 'machine-readable JSON lines (docs/machine-readable.md); the plan document is what -o saves').conflicts('markdown'))
    .option('--markdown', 'print the plan as Markdown (for a pull-request comment)')
    .option('--detailed-exitcode', 'exit 2 when there are changes, 0 when none')
    .option('--target <address>', 'plan only this Kind/name address or pattern (Redis/*) and what it depends on (repeatable)', collect)
    .option(JSON_INTO, JSON_INTO_HELP)
    .option('--gitlab-report <file>', 'write GitLab\'s Terraform report ({"create":N,"update":N,"delete":N}) for the merge-request widget')
    .option('--override <rule>', 'let a denied policy rule through (recorded in the saved plan with --reason and who ran it; only `apply PLANFILE` honours it; repeatable)', collect)
    .option('--reason <text>', 'why the overridden rules may be broken this time (required with --override)')
    .option('--prune', 'preview (and save) the deletion of owned resources no longer in the manifests')
    .option('--destroy', 'preview (and save) what `caretaker destroy` would delete')
    .option('--validate', 'ask ITCare before writing: dry-run each planned call (ITCare-DryRun) and pre-check that each operation is available; exit 1 if one is rejected')
    .option('--dry-run-honoured <call>', 'a call known to honour ITCare-DryRun: "all" or "METHOD /path" with * for one segment (repeatable); the docs name none, so none is sent without it', collect)
    .addHelpText('after', commandHelp('plan'))
    .action((paths: string[], flags) => cmd.done(import('./commands/plan.js').then((m) => m.planCommand(paths, flags, cmd.global()))));
  guardOptions(selectionOptions(program.commands.at(-1)!, 'plan'));
}

/** `apply` and `destroy`: the commands that write. */
function addApplyingCommands(program: Command, cmd: CommandKit): void {
  program.command('apply').argument('[paths...]', 'manifest files or directories, or one saved plan file', [])
    .description('apply the changes (asks for "yes" unless --auto-approve)')
    .option('--auto-approve', 'do not ask for confirmation')
    .option('--parallelism <n>', 'resources changed at once and API requests in flight (default 10 and 32)')
    .option('--allow-replace', 'accept replacements (delete then create)')
    .option('--prune', 'also delete owned resources that are no longer in the manifests')
    .option('--target <address>', 'apply only this Kind/name address or pattern and what it depends on (repeatable)', collect)
    .option(JSON_INTO, JSON_INTO_HELP)
    .option('--max-deletes <n>', 'allow up to N deletions (the blast-radius guard refuses large prunes and destroys without it)')
    .option('--wait', 'wait for actions another run has in progress on these resources, then re-plan them (default: refuse)')
    .option('--action-timeout <duration>', 'give up waiting for one asynchronous action after this long (90s, 10m, 1h; default 60m)')
    .option('--request-timeout <duration>', 'give up on one HTTP request attempt after this long (default 30s)')
    .option('--json', 'machine-readable JSON lines (docs/machine-readable.md)')
    .addHelpText('after', commandHelp('apply'))
    .action((paths: string[], flags) => cmd.done(import('./commands/apply.js').then((m) => m.applyCommand(paths, flags, cmd.global()))));
  guardOptions(selectionOptions(program.commands.at(-1)!, 'apply'));

  program.command('destroy').argument('[paths...]', 'manifest files or directories', [])
    .description('delete every resource owned by the stack')
    .option('--auto-approve', 'do not ask for confirmation')
    .option('--parallelism <n>', 'resources deleted at once and API requests in flight (default 10 and 32)')
    .option('--target <address>', 'destroy only this Kind/name address or pattern and what depends on it (repeatable)', collect)
    .option(JSON_INTO, JSON_INTO_HELP)
    .option('--max-deletes <n>', 'allow up to N deletions (destroys of more than 20 resources need it)')
    .option('--wait', 'wait for actions another run has in progress on these resources, then re-plan them (default: refuse)')
    .option('--action-timeout <duration>', 'give up waiting for one asynchronous action after this long (90s, 10m, 1h; default 60m)')
    .option('--request-timeout <duration>', 'give up on one HTTP request attempt after this long (default 30s)')
    .option('--json', 'machine-readable JSON lines (docs/machine-readable.md)')
    .addHelpText('after', commandHelp('destroy'))
    .action((paths: string[], flags) => cmd.done(import('./commands/apply.js').then((m) => m.destroyCommand(paths, flags, cmd.global()))));
  guardOptions(selectionOptions(program.commands.at(-1)!, 'destroy'));
}

/** `drift`, `show`, `export`, `list` and `schema`: reports on live state, saved plans and kinds. */
function addReadingCommands(program: Command, cmd: CommandKit): void {
  program.command('drift').argument('[paths...]', 'manifest files or directories', [])
    .description('report differences between live state and manifests (exit 0 in sync, 2 drift, 1 error)')
    .addOption(new Option('--format <format>', 'text, json or markdown').choices(['text', 'json', 'markdown']).default('text'))
    .option('--json', 'alias of --format json: machine-readable JSON lines (docs/machine-readable.md)')
    .option(JSON_INTO, JSON_INTO_HELP)
    .option('--history <file>', 'keep the drift between runs in FILE (JSON): each drift is new, persistent (with its age) or resolved')
    .option('--notify <url>', 'POST a Slack-compatible message to this webhook when the drift changed since the history (a secret; or CARETAKER_NOTIFY_URL)')
    .option('--metrics <file>', 'write the Prometheus text exposition of the run to FILE (node-exporter textfile collector, Pushgateway)')
    .option('--unmanaged', "also list the live resources of the stack's services that carry no caretaker-stack tag, with the export command that adopts them")
    .addOption(new Option('--accept', 'write the live values of drifted fields into the manifests (comments and layout kept) and print the diff').conflicts('reconcile'))
    .option('--reconcile', 'apply the reversal of the drift where it is an in-place, reversible update no policy denies; leave the rest, and exit 2 if drift remains')
    .option('--policy <file>', 'with --reconcile: a policy file (kind: Policy) whose deny rules leave a reversal alone, besides CARETAKER_POLICY and the set\'s Policy documents (repeatable)', collect)
    .option('--target <address>', 'only this Kind/name address or pattern (Redis/*) and what it depends on: the report, --accept and --reconcile (repeatable)', collect)
    .addHelpText('after', commandHelp('drift'))
    .action((paths: string[], flags) => cmd.done(import('./commands/drift.js').then((m) => m.driftCommand(paths, flags, cmd.global()))));
  selectionOptions(program.commands.at(-1)!, 'report');

  program.command('report').argument('<files...>', 'outputs of `drift --format json` (JSON lines) of many stacks, and their drift histories')
    .description('write one static HTML page for a fleet of stacks: a table and charts of their drift (no script, nothing loaded from the network)')
    .option('-o, --out <file>', 'write the page to FILE (default: standard output); the folder must exist')
    .addHelpText('after', commandHelp('report'))
    .action((files: string[], flags) => cmd.done(import('./commands/report.js').then((m) => m.reportCommand(files, flags, cmd.global()))));

  program.command('show').argument('<plan>', 'a saved plan file (from plan -o)')
    .description('render a saved plan without calling the API')
    .addOption(new Option('--json', 'machine-readable JSON lines, as plan --json prints them').conflicts('markdown'))
    .option('--markdown', 'print the plan as Markdown (for a pull-request comment)')
    .option(JSON_INTO, JSON_INTO_HELP)
    .addHelpText('after', commandHelp('show'))
    .action((file: string, flags) => cmd.done(import('./commands/show.js').then((m) => m.showCommand(file, flags, cmd.global()))));

  program.command('export')
    .description('write manifests for the live resources of a service, or of an SCP account (a Stack and one file per resource)')
    .option('--service <id>', 'ITCare service id (needed for the ITCare kinds)')
    .option('--kind <kind...>', 'only these kinds (default: the ITCare kinds but Tags; Tags exports the tags of resources of other kinds; SCP kinds are exported when named, with no --service: the clusters the SCP keys see)')
    .option('--name <glob...>', 'only resources whose metadata.name matches one of these globs (* and ?)')
    .option('-o, --out <dir>', 'output directory (default: the current directory)')
    .option('--adopt', 'let the plan adopt untagged resources (add caretaker-stack), so prune and destroy see them')
    .option('--force', 'overwrite existing files')
    .option('--stack <name>', 'stack name (default: the stack owning most of the resources, else service-<id>, else exported)')
    .option('--no-protect', 'do not write lifecycle.preventDestroy: true on resources that hold data (databases, brokers, storage, virtual machines\' disks)')
    .option('--json', 'machine-readable JSON lines (docs/machine-readable.md): an export_complete line')
    .option(JSON_INTO, JSON_INTO_HELP)
    .addHelpText('after', commandHelp('export'))
    .action((flags) => cmd.done(import('./commands/export.js').then((m) => m.exportCommand(flags, cmd.global()))));

  program.command('list').argument('[paths...]', 'manifest files or directories', [])
    .description('list what the stack owns, live: address, kind, name, id, status and endpoints (reads only)')
    .option('--json', 'machine-readable JSON lines (docs/machine-readable.md): a resource_list line with the whole listing')
    .option('--unowned', "also list the manifests' resources that exist live without this stack's tag")
    .addHelpText('after', commandHelp('list'))
    .action((paths: string[], flags) => cmd.done(import('./commands/list.js').then((m) => m.listCommand(paths, flags, cmd.global()))));

  program.command('schema').argument('[kind]', 'a kind, e.g. Redis')
    .description('list the kinds, or print the JSON Schema of one kind')
    .addHelpText('after', commandHelp('schema'))
    .action((kind: string | undefined) => cmd.done(import('./commands/schema.js').then((m) => m.schemaCommand(kind, cmd.global()))));
}

/** `completion` and `simulator`: the shell and the embedded fake API. */
function addToolCommands(program: Command, cmd: CommandKit, result: { code: number }): void {
  program.command('completion').argument('<shell>', 'bash or zsh')
    .description('print a shell completion script')
    .addHelpText('after', commandHelp('completion'))
    .action((shell: string) => {
      if (shell !== 'bash' && shell !== 'zsh') throw new ExitError(1, `completion: unknown shell "${shell}" (bash or zsh)`);
      process.stdout.write(shell === 'bash' ? bashCompletion() : zshCompletion());
      result.code = 0;
    });

  // What the completion scripts call: `caretaker __complete -- WORDS…` (hidden from help).
  program.command('__complete', { hidden: true }).argument('[words...]').allowUnknownOption().helpOption(false)
    .action((words: string[]) => cmd.done(import('./commands/complete.js').then((m) => m.completeCommand(program, words))));

  program.command('simulator')
    .description('run the embedded simulator (ITCare and SCP Cache Store APIs) on 127.0.0.1')
    .option('--port <n>', 'port (default: a free one)')
    .option('--state <file>', 'persist state in this JSON file')
    .option('--latency <ms>', 'latency added to every answer')
    .option('--action-ms <ms>', 'how long asynchronous actions stay IN_PROGRESS')
    .option('--fault-rate <r>', 'probability (0..1) of a 503 answer')
    .option('--max-in-flight <n>', 'answer 429 (Retry-After: 1) above this many requests in flight')
    .option('--scp-max-skew <duration>', 'SCP: refuse a Scp-Timestamp further than this from the clock (default 15m, an assumption: SCP documents none; 0 = no check)')
    .option('--scp-canonical-query', 'SCP: check signatures over the query in the official SDK\'s canonical form (keys sorted, form-encoded), as a server that rebuilds the query would')
    .addHelpText('after', commandHelp('simulator'))
    .action((flags) => cmd.done(import('./commands/simulator.js').then((m) => m.simulatorCommand(flags, cmd.global()))));
}
