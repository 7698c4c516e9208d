// Types for the package entry point. The WebAssembly API's own types (NhsChart, the statistics
// functions) come from the generated nhs_benchmark.d.ts and are re-exported here.
export * from './nhs_benchmark.js';
import type { LoadReport, ViewInfo, Workspace } from './nhs_benchmark.js';

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

/** The views, as the core's registry lists them (`views()`); a test checks this union against it. */
export type ViewName =
  | 'ranked' | 'funnel' | 'distribution' | 'spc' | 'spine' | 'opportunity'
  | 'maturityRadar' | 'maturityStaircase' | 'maturityHeatmap' | 'maturityTrajectory'
  | 'maturityOutcomes'
  | 'dmaRadar' | 'dmaHeatmap' | 'dmaTrajectory' | 'dmaDistribution';

/** The chart spec: the JSON the `spec` attribute takes. Unknown fields are errors. */
export interface ChartSpec {
  data?: { ae?: string; organisations?: string; observations?: string; metrics?: string; fingertips?: string;
    assessments?: string; framework?: string; rtt?: string; dma?: string };
  view?: ViewName;
  /** Published maturity results: 'Acute', 'Community', 'Mental Health' or 'Ambulance'; default the trust's first. */
  careSetting?: string;
  /** Published maturity results: who the trust is compared with; default 'setting' (its care setting in England). */
  cohort?: 'setting' | 'region' | 'icb' | 'nearest' | 'exemplars';
  /** Published maturity results: 'provider' (default) or 'icb' (ICB results, their own level). */
  level?: 'provider' | 'icb';
  /** Published maturity results at the ICB level: the ICB's name; default the focus trust's ICB. */
  icb?: string;
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
  /** Simulate each organisation's rank interval and show it in the ranked view's tooltips and table. */
  rankUncertainty?: boolean;
  /** maturityOutcomes: a DMA score column ('overall_2025_comparable' default, or a pillar such as
   * 'smart_foundations') and a care setting ('acute' default); the outcome is `metric`; the files
   * are data.dma, data.rtt and data.organisations. */
  outcomes?: { score?: string; careSetting?: string };
  title?: string;
  width?: number;
  height?: number;
}

/** The page's one workspace: every element's data, each set of files parsed once. */
export declare function pageWorkspace(): Promise<Workspace>;

/** The views the element draws, from the core's registry. */
export declare function viewList(): Promise<ViewInfo[]>;

/** What an `error` event carries: the message shown, and for programs the kind, code and place. */
export interface ChartErrorDetail {
  message: string;
  /** `fetch`: a file could not be fetched; `panic`: an internal error (the chart is rebuilt on its next load). */
  kind?: 'spec' | 'data' | 'statistics' | 'benchmark' | 'maturity' | 'noData' | 'fetch' | 'panic';
  code?: string;
  path?: string;
}

/** `<nhs-benchmark>`: fires `load` (the load report), `progress`, `ready`, `select` ({code, name}) and `error` (ChartErrorDetail). */
export declare class NhsBenchmarkElement extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The resolved spec as JSON, or null before the first render. */
  readonly recipe: string | null;
  readonly organisations: OrganisationChoice[];
  readonly metrics: { id: string; title: string }[];
  /** The load report of the chart's data, or null before it has loaded. */
  readonly report: LoadReport | null;
  selectOrganisation(code: string): boolean;
  /** The chart as drawn, as a PNG at twice its CSS size with its recipe in an iTXt chunk keyed
   * `nhs-benchmark-recipe` (before IEND); null before a chart is drawn. */
  png(): Promise<Blob | null>;
  /** Uses files the user picked (read in the page) instead of URLs: tidy files or a Fingertips export. */
  useFiles(files: { observations?: File; metrics?: File; organisations?: File; fingertips?: File }): Promise<LoadReport | null>;
  /** Adds a trust's own maturity answers (text of a filled-in template) and redraws. */
  addAssessments(name: string, text: string): Promise<LoadReport | null>;
  /** Fetches and parses the chart's files again (the server, not a cache) and redraws every chart showing them. */
  reload(): Promise<LoadReport | null>;
}

declare global {
  interface HTMLElementTagNameMap {
    'nhs-benchmark': NhsBenchmarkElement;
  }
  interface HTMLElementEventMap {
    select: CustomEvent<OrganisationChoice>;
  }
}
