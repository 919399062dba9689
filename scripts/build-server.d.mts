/** Types of scripts/build-server.mjs (plain Node, so it runs before anything is built or installed beyond npm ci). */
export declare const ROOT: string;
export declare const DEFAULT_OUTDIR: string;
/** Where the bundle of a source entry goes: server/main.ts → <outdir>/server/main.js. */
export declare function bundlePath(entry: string, outdir?: string): string;
/** Bundles each entry into outdir unless up to date (or force). */
export declare function buildServer(options?: {
  entries?: string[];
  outdir?: string;
  force?: boolean;
  log?: (line: string) => void;
}): Promise<{ entry: string; out: string; built: boolean }[]>;
