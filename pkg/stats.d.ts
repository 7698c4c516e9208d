// Types for `nhs-benchmark/stats`: the statistics functions of the generated module, and ready().
export * from './stats/nhs_benchmark.js';

/** Loads and instantiates the statistics module once; resolves when its functions can be called. */
export declare function ready(): Promise<unknown>;
