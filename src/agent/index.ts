export { DEFAULT_DYNA_Q, DYNA_Q_PARAMS, type DynaQSettings } from './settings.js';
export { TradingAgent, greedyOrHold, describePolicy, type TrainedOn } from './agent.js';
export { trainAgent, trainOnWindow, historyWindow, type TrainHooks, type TrainedAgent } from './train.js';
export { marketOutcomes, rewardPrior, type MarketOutcomes } from './outcomes.js';
export { marketPrior, shrinkageEstimate, type MarketPrior, type ShrinkageEstimate } from './reward-prior.js';
