// Types for the package entry point. The WebAssembly API's own types (NhsChart, the statistics
// functions) come from the generated nhs_benchmark.d.ts and are re-exported here.
export * from './nhs_benchmark.js';

/** Loads and instantiates the WebAssembly module once; resolves when the API can be called. */
export declare function ready(): Promise<unknown>;

/** URLs of the real data bundled with the package. */
export declare const bundledData: Readonly<{ ae: string; organisations: string; assessments: string; template: string }>;

/** An organisation as pickers list it. */
export interface OrganisationChoice {
  code: string;
  name: string;
}

/** What a render reports (the `ready` event's detail). */
export interface RenderInfo {
  title: string;
  subtitle: string;
  description: string;
  warnings: string[];
  items: number;
  width: number;
  height: number;
}

/** The chart spec: the JSON the `spec` attribute takes. Unknown fields are errors. */
export interface ChartSpec {
  data?: { ae?: string; organisations?: string; observations?: string; metrics?: string; fingertips?: string;
    assessments?: string; framework?: string };
  view?: 'ranked' | 'funnel' | 'distribution' | 'spc' | 'spine' | 'opportunity'
    | 'maturityRadar' | 'maturityStaircase' | 'maturityHeatmap' | 'maturityTrajectory';
  /** Maturity framework: 'wgll' (default), 'dma2015', 'emram', or a loaded framework's id. */
  framework?: string;
  /** Maturity assessment round, e.g. '2024/25'; default the focus trust's latest. */
  round?: string;
  /** For the opportunity view: "if our value were X", on the metric's scale. */
  whatIf?: number;
  /** SPC options: rebase at period keys, run length 6 or 7, baseline of the first n points. */
  spc?: { rebase?: string[]; runLength?: number; fixAfter?: number; screenOutliers?: boolean };
  metric?: string;
  focus?: string;
  period?: { latest?: number; from?: string; to?: string };
  /** A peer group: {kind: 'all'} | {kind: 'filter', conditions} | {kind: 'list', name?, codes} | {kind: 'exemplars'} | {kind: 'nearest', k, weights, within?}. */
  peers?: { kind: 'all' | 'filter' | 'list' | 'exemplars' | 'nearest'; [key: string]: unknown };
  /** What the focus is compared with: {kind: 'national' | 'peerMedian' | 'exemplarMedian'} or {kind: 'target', value?}. */
  benchmark?: { kind: 'national' | 'peerMedian' | 'exemplarMedian' | 'target'; value?: number };
  title?: string;
  width?: number;
  height?: number;
}

/** Peer groups by the `peers` attribute's keywords: all-trusts, region, exemplars, nearest. */
export declare const PEER_GROUPS: Readonly<Record<'all-trusts' | 'region' | 'exemplars' | 'nearest', object>>;
/** Benchmarks by the `benchmark` attribute's keywords: england, peer-median, exemplar-median, target. */
export declare const BENCHMARKS: Readonly<Record<'england' | 'peer-median' | 'exemplar-median' | 'target', object>>;

/** `<nhs-benchmark>`: fires `load`, `ready`, `select` ({code, name}) and `error` ({message}). */
export declare class NhsBenchmarkElement extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The resolved spec as JSON, or null before the first render. */
  readonly recipe: string | null;
  readonly organisations: OrganisationChoice[];
  readonly metrics: { id: string; title: string }[];
  selectOrganisation(code: string): boolean;
  /** Uses files the user picked (read in the page) instead of URLs: tidy files or a Fingertips export. */
  useFiles(files: { observations?: File; metrics?: File; organisations?: File; fingertips?: File }): Promise<void>;
  /** Adds a trust's own maturity answers (text of a filled-in template) and redraws. */
  addAssessments(name: string, text: string): unknown;
}

declare global {
  interface HTMLElementTagNameMap {
    'nhs-benchmark': NhsBenchmarkElement;
  }
  interface HTMLElementEventMap {
    select: CustomEvent<OrganisationChoice>;
  }
}
