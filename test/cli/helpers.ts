import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../scripts/cli';
import { type RecordingIo, recordingIo } from '../../scripts/commands/lib/io';

// The SDK's notice that it will need Node 22 from 2027 would print in every test file.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** What one in-process run of the CLI printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  io: RecordingIo;
}

/** A fresh, empty state directory (.forensics/) for one test. */
export function tempStateDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'forensics-cli-state-'));
}

/** An empty file, for AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE. */
export function emptyFile(name: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'forensics-cli-aws-')), name);
  writeFileSync(file, '');
  return file;
}

/** Runs `forensics <argv>` in-process with its state in `stateDir`. */
export async function forensics(
  argv: string[],
  options: { stateDir?: string; signal?: AbortSignal; answer?: boolean } = {}
): Promise<CliRun> {
  const io = recordingIo(
    { ...process.env, FORENSICS_STATE_DIR: options.stateDir ?? tempStateDir() },
    { signal: options.signal, answer: options.answer }
  );
  const code = await main(argv, io);
  return { code, stdout: io.text(), stderr: io.errText(), io };
}
