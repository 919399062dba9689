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

export class PasswordHasher {
  #dummy: Promise<string> | undefined;
  constructor(private readonly cost: HashCost = PRODUCTION_COST) {}

  hash(password: string): Promise<string> {
    return hash(password, { ...this.cost, parallelism: 1 });
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
