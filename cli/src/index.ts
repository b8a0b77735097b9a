/**
 * @arx/cli — the `arx` command. `run(args)` parses a command line, runs the command
 * and resolves to the exit code (see EXIT): 0 ok, 1 failed or refused, 2 usage
 * error, 3 node not reachable. Errors are one line on stderr; stack traces only
 * with `--debug`.
 */
import { readFileSync } from 'node:fs';
import { ArxProtocolError } from '@arx/protocol';
import { Command, CommanderError } from 'commander';
import { localisedHelp } from './command.js';
import { registerCodes } from './commands/codes.js';
import { registerDelist } from './commands/delist.js';
import { registerDemo } from './commands/demo.js';
import { registerExport } from './commands/export.js';
import { registerFederation } from './commands/federation.js';
import { registerImport } from './commands/import.js';
import { registerInit } from './commands/init.js';
import { registerKeys } from './commands/keys.js';
import { registerLists } from './commands/lists.js';
import { registerLookup } from './commands/lookup.js';
import { registerMetrics } from './commands/metrics.js';
import { registerPublish } from './commands/publish.js';
import { registerReports } from './commands/reports.js';
import { registerRoster } from './commands/roster.js';
import { registerStart } from './commands/start.js';
import { registerStatus } from './commands/status.js';
import { registerSubscribe } from './commands/subscribe.js';
import { type Ctx, createCtx, type Io, processIo } from './context.js';
import { CliError, EXIT } from './errors.js';
import { LANGS, type Lang, resolveLang, translate } from './i18n.js';

export type { Io } from './context.js';
export { EXIT, type ExitCode } from './errors.js';
export { type Lang, MESSAGES } from './i18n.js';

/** The value of `--name VALUE` or `--name=VALUE` anywhere on the command line. */
function optionValue(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a === name) return args[i + 1];
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
  }
  return undefined;
}

/** The version of this package (package.json next to dist/). */
function cliVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

/** Builds the whole command tree for one invocation (help text in `ctx.lang`). */
export function buildProgram(ctx: Ctx): Command {
  const program = new Command('arx');
  program
    .description(ctx.t('cmd.arx'))
    .usage('[--lang zh-CN] [--debug] <command> [options]')
    .option('--lang <LANG>', ctx.t('opt.lang'))
    .option('--debug', ctx.t('opt.debug'))
    .version(cliVersion(), '-V, --version', ctx.t('opt.version'))
    .helpOption('-h, --help', ctx.t('help.option'))
    .helpCommand('help [command]', ctx.t('help.command'))
    .configureHelp(localisedHelp(ctx))
    .configureOutput({
      writeOut: (text) => ctx.io.out(text.replace(/\n$/, '')),
      writeErr: (text) => ctx.io.errRaw(text),
      // Errors are translated and printed by run(), in one line.
      outputError: () => {},
    })
    .showSuggestionAfterError(true)
    .addHelpText('after', `\n${ctx.t('help.exitCodes')}\n`);
  registerInit(program, ctx);
  registerKeys(program, ctx);
  registerRoster(program, ctx);
  registerFederation(program, ctx);
  registerCodes(program, ctx);
  registerStart(program, ctx);
  registerStatus(program, ctx);
  registerMetrics(program, ctx);
  registerPublish(program, ctx);
  registerSubscribe(program, ctx);
  registerReports(program, ctx);
  registerLookup(program, ctx);
  registerLists(program, ctx);
  registerDelist(program, ctx);
  registerImport(program, ctx);
  registerExport(program, ctx);
  registerDemo(program, ctx);
  // Every command throws instead of exiting, tagged with itself for the "see --help" hint.
  const tag = (cmd: Command) => {
    cmd.exitOverride((err) => {
      throw Object.assign(err, { arxCommand: cmd });
    });
    for (const sub of cmd.commands) tag(sub);
  };
  tag(program);
  return program;
}

function commandPath(cmd: Command | undefined): string {
  const names: string[] = [];
  for (let c: Command | null | undefined = cmd; c; c = c.parent) names.unshift(c.name());
  return names.length > 0 ? names.join(' ') : 'arx';
}

/** Optimal string alignment distance (edits, with adjacent transpositions) for suggestions. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
      }
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * Commander reports a missing required option before an unknown one; the unknown one
 * is usually the real mistake (a typo of the required option), so it is named first.
 */
function unknownOptionOf(cmd: Command | undefined): { option: string; suggestion: string | undefined } | undefined {
  const flag = cmd?.args.find((a) => a.startsWith('--'))?.split('=')[0];
  if (!cmd || !flag) return undefined;
  const known: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) known.push(...c.options.map((o) => o.long ?? '').filter(Boolean));
  if (known.includes(flag)) return undefined;
  const best = known
    .map((k) => ({ k, d: editDistance(flag, k) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(flag.length / 4)))
    .sort((x, y) => x.d - y.d)[0];
  return { option: flag, suggestion: best?.k };
}

/** Translates commander's parse errors into one line in the chosen language. */
function usageLine(ctx: Ctx, error: CommanderError): string {
  const quoted = [...error.message.matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');
  const didYouMean = /Did you mean (.+?)\?/.exec(error.message)?.[1];
  const suggestion = didYouMean ? ctx.t('usage.didYouMean', { suggestion: didYouMean }) : '';
  const numbers = [...error.message.matchAll(/(\d+)/g)].map((m) => m[1] ?? '');
  let line: string;
  switch (error.code) {
    case 'commander.unknownOption':
      line = ctx.t('usage.unknownOption', { option: quoted[0] ?? '', suggestion });
      break;
    case 'commander.unknownCommand':
      line = ctx.t('usage.unknownCommand', { command: quoted[0] ?? '', suggestion });
      break;
    case 'commander.missingArgument':
      line = ctx.t('usage.missingArgument', { argument: quoted[0] ?? '' });
      break;
    case 'commander.optionMissingArgument':
      line = ctx.t('usage.optionMissingArgument', { option: quoted[0] ?? '' });
      break;
    case 'commander.missingMandatoryOptionValue': {
      const typo = unknownOptionOf((error as CommanderError & { arxCommand?: Command }).arxCommand);
      line = typo
        ? ctx.t('usage.unknownOption', {
            option: typo.option,
            suggestion: typo.suggestion ? ctx.t('usage.didYouMean', { suggestion: typo.suggestion }) : '',
          })
        : ctx.t('usage.missingOption', { option: quoted[0] ?? '' });
      break;
    }
    case 'commander.excessArguments':
      line = ctx.t('usage.excessArguments', { expected: numbers[0] ?? '0', got: numbers[1] ?? '' });
      break;
    case 'commander.conflictingOption':
      line = ctx.t('usage.conflict', { a: quoted[0] ?? '', b: quoted[1] ?? '' });
      break;
    default:
      line = error.message.replace(/^error: /, '');
  }
  const cmd = (error as CommanderError & { arxCommand?: Command }).arxCommand;
  return `${line}${ctx.t('usage.seeHelp', { command: commandPath(cmd) })}`;
}

/** Prints an error in one line (plus the stack with --debug) and returns the exit code. */
function report(ctx: Ctx, error: unknown): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
    // No subcommand given: commander already printed the help to stderr.
    if (error.code === 'commander.help') return EXIT.usage;
    ctx.io.err(`arx: ${usageLine(ctx, error)}`);
    return EXIT.usage;
  }
  if (ctx.debug && error instanceof Error) ctx.io.err(String(error.stack));
  if (ctx.debug && error instanceof Error && error.cause instanceof Error) {
    ctx.io.err(`cause: ${String(error.cause.stack)}`);
  }
  if (error instanceof CliError) {
    ctx.io.err(`arx: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof ArxProtocolError) {
    ctx.io.err(`arx: ${error.message} (${error.code})`);
    return EXIT.failed;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.io.err(`arx: ${ctx.t('error.unexpected', { message })}${ctx.debug ? '' : ` ${ctx.t('error.useDebug')}`}`);
  return EXIT.failed;
}

/** Runs the CLI with the given arguments; resolves to the exit code. */
export async function run(args: string[], io: Io = processIo): Promise<number> {
  const langArg = optionValue(args, '--lang');
  // A wrong --lang is a usage error; an unusable ARX_LANG falls back to English.
  const lang: Lang | undefined =
    langArg !== undefined ? resolveLang(langArg) : (resolveLang(process.env['ARX_LANG'] ?? '') ?? 'en');
  if (!lang) {
    io.err(`arx: ${translate('en', 'usage.badLang', { value: langArg ?? '', valid: LANGS.join(', ') })}`);
    return EXIT.usage;
  }
  const debug = args.includes('--debug') || process.env['ARX_DEBUG'] === '1';
  const ctx = createCtx(lang, debug, io);
  try {
    await buildProgram(ctx).parseAsync(args, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    return report(ctx, error);
  }
}
