export { DEFAULT_DYNA_Q, DYNA_Q_PARAMS, type DynaQSettings } from './settings.js';
export { TradingAgent, bestAllowed, describePolicy, STOP_LOSS, type AgentDay, type TrainedOn } from './agent.js';
export { trainAgent, trainOnWindow, historyWindow, type TrainHooks, type TrainedAgent } from './train.js';
export { marketOutcomes, type MarketOutcomes } from './outcomes.js';
export { MarketModel, benchmarkAction, type MarketModelSettings } from './market-model.js';
export { FEATURE_LIBRARY, BIN_SCHEMES, naturalBreak, schemeEdges, stateIndicators, type BinScheme, type Candidate } from './features.js';
export { selectState, type StateChoice } from './select-state.js';
export { ENSEMBLE, PLANNING_TOLERANCE, ensembleTrust, blockBootstrap } from './trust.js';
