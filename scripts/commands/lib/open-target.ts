import { connectToAws } from '../../targets/aws';
import { connectToRunningEmulator } from '../../targets/local';
import type { Target } from '../../targets/target';
import type { CommandContext } from './command';

/**
 * The target a command works on: the running emulator (`serve`/`play` in another terminal) or
 * AWS with the credentials checked. Throws EmulatorUnavailableError (69) or
 * NoAwsCredentialsError (77) with a next step when it is not there.
 */
export async function openTarget(ctx: CommandContext): Promise<Target> {
  if (ctx.global.target === 'aws') {
    if (ctx.global.speed !== undefined) {
      ctx.io.err('note: --speed applies to the emulator only; AWS runs in real time.');
    }
    return connectToAws(ctx.io, { yes: ctx.global.yes });
  }
  const target = await connectToRunningEmulator(ctx.stateDir);
  if (ctx.global.speed !== undefined && Number(ctx.global.speed) !== target.speed) {
    ctx.io.err(
      `note: --speed only applies when a command starts the emulator (serve, play, demo); the running one runs at ${target.speed}x.`
    );
  }
  return target;
}

/** Runs `work` with the command's target and closes it afterwards. */
export async function withTarget<T>(
  ctx: CommandContext,
  work: (target: Target) => Promise<T>
): Promise<T> {
  const target = await openTarget(ctx);
  try {
    return await work(target);
  } finally {
    await target.close();
  }
}
