/**
 * `npm run registry -- <command>`: export, import and create sites in the
 * database a server of this data folder uses (src/server/sites/command.ts
 * says what each command does; `npm run registry` alone prints the usage).
 */
import { runRegistryCommand } from './sites/command';

runRegistryCommand(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
