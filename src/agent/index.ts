export { DEFAULT_DYNA_Q, DYNA_Q_PARAMS, type DynaQSettings } from './settings.js';
export { TradingAgent, bestAllowed, STOP_LOSS, type AgentDay, type TrainedOn } from './agent.js';
export { ruleStateGain, trainAgent, trainOnWindow } from './train.js';
export type { MarketOutcomes } from './outcomes.js';
export { MarketModel } from './market-model.js';
export { FEATURE_LIBRARY, naturalBreak, schemeEdges, stateIndicators } from './features.js';
export { selectState } from './select-state.js';
export { ENSEMBLE, PLANNING_TOLERANCE, ensembleTrust, blockBootstrap } from './trust.js';
