export { Discretizer, fitDiscretizer } from './discretizer.js';
export { binOf } from './quantile-edges.js';
