/**
 * The headless CLI: `npm run cli -- <command> [flags]`, `npm run cli -- --help` for the commands,
 * `npm run cli -- <command> --help` for one command's flags.
 */
import { clearCommand } from './clear';
import { exitCodeFor, runCommand, UsageError, type Command } from './command';
import { compareCommand } from './compare';
import { replicateCommand } from './replicate';
import { simulateCommand } from './simulate';
import { sweepCommand, sweepMergeCommand } from './sweep';

const COMMANDS: readonly Command[] = [
  simulateCommand,
  clearCommand,
  compareCommand,
  sweepCommand,
  sweepMergeCommand,
  replicateCommand,
];

function commandList(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: npm run cli -- <command> [flags]',
    "       npm run cli -- <command> --help   (that command's flags)",
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Exit codes: 0 ok, 1 failure (e.g. a chain that does not answer), 2 bad input (the message',
    'names the flag, the value as given and what is allowed).',
    '',
  ].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(commandList());
    return 0;
  }
  // A two-word command (`sweep merge`) is looked up before its first word.
  const two = COMMANDS.find((c) => rest.length > 0 && c.name === `${name} ${rest[0]}`);
  const command = two ?? COMMANDS.find((c) => c.name === name);
  if (!command) {
    const code = exitCodeFor(
      new UsageError('command', name, COMMANDS.map((c) => c.name).join(' | ')),
      (s) => process.stderr.write(s),
    );
    process.stderr.write(`\n${commandList()}`);
    return code;
  }
  return runCommand(command, two ? rest.slice(1) : rest);
}

process.exitCode = await main(process.argv.slice(2));
