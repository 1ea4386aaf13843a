export * from './orders.js';
export * from './simulate.js';
export * from './portvals.js';
