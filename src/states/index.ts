export { Discretizer, fitDiscretizer, DEFAULT_BINS, MAX_BINS, type DiscretizerJSON, type DiscretizerOptions, type FitWindow } from './discretizer.js';
export { binOf, quantileEdges } from './quantile-edges.js';
