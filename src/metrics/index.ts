export * from './returns.js';
export * from './drawdown.js';
export * from './trades.js';
export * from './stats.js';
