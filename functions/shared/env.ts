import { Env, isVariant, type Variant } from '../../infra/names';
import { MissingEnvironmentError } from './errors';

/** Reads an environment variable the stack must have set, failing with a clear error if not. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new MissingEnvironmentError(
      `environment variable ${name} is not set: deploy the function with its scenario stack`
    );
  }
  return value;
}

/** Reads a positive integer environment variable, or returns the fallback when it is unset. */
export function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new MissingEnvironmentError(
      `environment variable ${name} must be a non-negative integer (got '${raw}')`
    );
  }
  return value;
}

/** Reads the deployed variant (VARIANT, which LabFunction sets): `broken` or `fixed`. */
export function requireVariant(): Variant {
  const value = requireEnv(Env.Variant);
  if (!isVariant(value)) {
    throw new MissingEnvironmentError(
      `environment variable ${Env.Variant} must be broken or fixed (got '${value}')`
    );
  }
  return value;
}
