import { hash, verify } from '@node-rs/argon2';
import { newToken } from './tokens.js';

/**
 * argon2id (the library's default algorithm) with OWASP's recommended floor (19 MiB, 2 passes). Tests pass
 * a cheaper cost: hashing is still real argon2id, just fast enough to create hundreds of users.
 */
export interface HashCost {
  memoryCost: number;
  timeCost: number;
}
export const PRODUCTION_COST: HashCost = { memoryCost: 19_456, timeCost: 2 };
export const TEST_COST: HashCost = { memoryCost: 1024, timeCost: 1 };
/**
 * Administrator-issued temporary passwords are not chosen by people: 12 random characters from 54 (≈ 69 bits,
 * lib/tokens.ts), valid for TEMP_CREDENTIALS_DAYS and replaced at first sign-in. A slow hash exists to protect
 * guessable human passwords; against 2^69 candidates even 4 MiB / 1 pass (≈ 0.7 ms a hash on one core, vs
 * ≈ 20 ms for the production cost) leaves an offline search far beyond reach, and it is what lets an import
 * issue 5,000 of them in seconds on a 2-core server (scripts/bench-import.ts). Still argon2id.
 */
export const TEMPORARY_COST: HashCost = { memoryCost: 4096, timeCost: 1 };

export class PasswordHasher {
  #dummy: Promise<string> | undefined;
  constructor(private readonly cost: HashCost = PRODUCTION_COST) {}

  hash(password: string): Promise<string> {
    return hash(password, { ...this.cost, parallelism: 1 });
  }

  /** A generated high-entropy secret (temporary password): TEMPORARY_COST, or this hasher's own if cheaper. */
  hashGenerated(secret: string): Promise<string> {
    const cost = {
      memoryCost: Math.min(this.cost.memoryCost, TEMPORARY_COST.memoryCost),
      timeCost: Math.min(this.cost.timeCost, TEMPORARY_COST.timeCost),
    };
    return hash(secret, { ...cost, parallelism: 1 });
  }

  /**
   * Never throws on a malformed stored hash: that is a failed check. With no stored hash (unknown user) it
   * still verifies against a throwaway hash, so response time does not reveal which usernames exist.
   */
  async verify(storedHash: string | null | undefined, password: string): Promise<boolean> {
    if (!storedHash) {
      this.#dummy ??= this.hash(newToken());
      await verify(await this.#dummy, password).catch(() => false);
      return false;
    }
    try {
      return await verify(storedHash, password);
    } catch {
      return false;
    }
  }
}
