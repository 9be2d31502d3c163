/** Types for chromium.js, which the (plain JS) test-runner config shares with the TypeScript benchmarks. */
export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_ARGS: string[];
