/** Helpers shared by command definitions: common options, help text, actions. */
import { type Command, Help, type Option } from 'commander';
import type { Ctx } from './context.js';
import type { MessageKey } from './i18n.js';
import { displayWidth } from './table.js';

/** Options every online command takes. */
export interface NodeOptions {
  dir: string;
  json?: boolean;
}

/** Adds `--dir DIR` (the node directory, default: the current directory). */
export function withDir(cmd: Command, ctx: Ctx, key: MessageKey = 'opt.dir'): Command {
  return cmd.option('--dir <DIR>', ctx.t(key), '.');
}

/** Adds `--json`. */
export function withJson(cmd: Command, ctx: Ctx): Command {
  return cmd.option('--json', ctx.t('opt.json'));
}

/** Appends an "Examples:" section to a command's help. */
export function withExamples(cmd: Command, ctx: Ctx, examples: string[]): Command {
  return cmd.addHelpText('after', `\n${ctx.t('help.examples')}\n${examples.map((e) => `  ${e}`).join('\n')}\n`);
}

/**
 * Help in the chosen language: section titles translated, CJK-aware alignment, and
 * option descriptions as written (defaults are stated in the translated text itself).
 */
export function localisedHelp(ctx: Ctx): Partial<Help> {
  const titles: Record<string, MessageKey> = {
    'Usage:': 'help.usage',
    'Options:': 'help.options',
    'Commands:': 'help.commands',
    'Arguments:': 'help.arguments',
    'Global Options:': 'help.globalOptions',
  };
  return {
    showGlobalOptions: true,
    styleTitle: (title: string) => (titles[title] ? ctx.t(titles[title]) : title),
    displayWidth: (text: string) => displayWidth(text),
    optionDescription: (option: Option) => option.description,
    sortSubcommands: false,
  };
}

export { Help };
