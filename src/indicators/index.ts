export { formatIndicatorSpec, parseIndicatorList, parseIndicatorSpec } from './spec.js';
export { computeIndicators, type IndicatorColumns } from './compute.js';
