// The `ggzy` command: `ggzy validate <file.bpmn>…`, `ggzy trail verify`, `ggzy collusion …` (more join as the platform grows).
import { validateCommand, type CliIo } from './validate';
import { trailCommand } from './trail';
import { collusionCommand } from './collusion';

const USAGE = 'usage: ggzy <command> [args]\n\ncommands:\n  validate <file.bpmn>…   check BPMN models the way a deployment would\n  trail verify            recompute the supervision trail of the configured database\n  collusion fit|score|report|generate   bid-rigging screens on bid files (CSV)';

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'validate':
      return validateCommand(rest, io);
    case 'trail':
      return trailCommand(rest, io);
    case 'collusion':
      return collusionCommand(rest, io);
    case undefined:
    case '-h':
    case '--help':
      io.err(USAGE);
      return command ? 0 : 2;
    default:
      io.err(`unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}
