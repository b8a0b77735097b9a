/** @arx/cli — the `arx` command. */
import { formatKeyId, generateKeyPair } from '@arx/protocol';

/** Runs the CLI with the given arguments; resolves to the exit code. */
export async function run(args: string[]): Promise<number> {
  if (args[0] === 'keygen') {
    console.log(formatKeyId(generateKeyPair().publicKey));
    return 0;
  }
  console.error(`arx: unknown command ${args[0] ?? ''}`);
  return 2;
}
