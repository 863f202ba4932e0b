import { JOB_NAMES } from '../core/catalog.ts';
import { COMMAND_FLAGS, COMMANDS, FLAGS_OF, GLOBAL_FLAGS, OUTPUT_OF, SHELLS, isCommand, type CommandName } from './parse-args.ts';

/**
 * Candidates for the word being typed, given the words before it: what `__complete` prints for
 * the shell scripts and for kubectl's plugin completion (`kubectl_complete-pontual`). Cobra's
 * protocol: one candidate a line, then `:<directive>` (4: no file completion). Job names come
 * from the catalog, so completing never waits on the cluster.
 */
export const NO_FILE_COMPLETION = ':4';

const JOB_COMMANDS: ReadonlySet<CommandName> = new Set(['run', 'backfill', 'suspend', 'resume', 'history', 'logs', 'why']);
const VALUE_FLAGS = new Set(
  Object.entries({ ...GLOBAL_FLAGS, ...COMMAND_FLAGS })
    .filter(([, option]) => option.type === 'string')
    .flatMap(([name, option]) => ['short' in option ? `-${option.short}` : undefined, `--${name}`])
    .filter((flag): flag is string => flag !== undefined),
);

export function completions(words: readonly string[]): string[] {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const previous = before.at(-1);
  const positionals: string[] = [];
  for (let index = 0; index < before.length; index += 1) {
    const word = before[index] ?? '';
    if (word.startsWith('-')) {
      if (VALUE_FLAGS.has(word)) index += 1;
    } else positionals.push(word);
  }
  const [first] = positionals;
  const command = first !== undefined && isCommand(first) ? first : undefined;
  const matching = (candidates: readonly string[]): string[] => candidates.filter((candidate) => candidate.startsWith(current));

  if (previous === '-o' || previous === '--output') return matching((OUTPUT_OF[command ?? 'status'] ?? []).filter((format) => format !== 'table'));
  if (previous !== undefined && VALUE_FLAGS.has(previous)) return [];
  if (current.startsWith('-')) {
    const own = command === undefined ? [] : FLAGS_OF[command].map((flag) => `--${flag}`);
    const global = Object.keys(GLOBAL_FLAGS)
      .filter((flag) => flag !== 'all-namespaces' || command === 'status')
      .filter((flag) => flag !== 'output' || command === undefined || OUTPUT_OF[command] !== undefined)
      .map((flag) => `--${flag}`);
    return matching([...own, ...global]);
  }
  if (command === undefined) return matching(COMMANDS);
  if (command === 'completion' && positionals.length === 1) return matching(SHELLS);
  if (JOB_COMMANDS.has(command) && positionals.length === 1) return matching(JOB_NAMES);
  return [];
}
