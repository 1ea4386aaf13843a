import {
  DYNA_Q_PARAMS,
  TradingAgent,
  positionIndexOf,
  trainAgent,
  ACTION_LABELS,
  type Decision,
  type DynaQSettings,
  type Strategy,
  type TrainingSummary,
} from '../src/index.js';

/**
 * The product's main strategy: Dyna-Q over discretized indicator states (plus the position held).
 * `train` hands the training window to the agent (src/agent: state bins, rewards from the broker,
 * the learner, its model and planner); `decide` asks the trained agent for the greedy action of
 * today's indicator values. Testing is greedy and frozen: two tests of a window trade the same.
 */
interface DynaQState {
  /** The trained (or restored) agent; null before training. */
  agent: TradingAgent | null;
  /** True until the first decision of the window being traded. */
  firstDecision: boolean;
}

const dynaQ: Strategy<DynaQSettings> & DynaQState = {
  name: 'dyna-q',
  label: 'Dyna-Q',
  params: DYNA_Q_PARAMS,
  agent: null,
  firstDecision: true,
  indicators: (params) => params.indicators,

  train(history, { setup, params, progress }): TrainingSummary {
    if (this.agent?.source) {
      // A saved agent is used as it was trained: no further learning.
      const { learner } = this.agent;
      return { epochs: 0, stoppedBecause: `loaded from ${this.agent.source}, not trained again`, learningCurve: [], realSteps: learner.realSteps, planningUpdates: learner.planningUpdates, policy: this.agent.policy() };
    }
    const onEpoch = (epoch: number, epochs: number, _return: number, planning: number) => progress(epoch, epochs, `planning updates ${String(planning).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`);
    const { agent, summary } = trainAgent(history, setup, params, { onEpoch });
    this.agent = agent;
    return summary;
  },

  begin() {
    this.firstDecision = true;
  },

  decide(day): Decision {
    if (this.agent === null) throw new Error('a window is traded before train()');
    const action = this.agent.act((spec) => day.indicator(spec), positionIndexOf(day.position), this.firstDecision);
    if (action === null) return null; // indicator warm-up: no decision
    this.firstDecision = false;
    return ACTION_LABELS[action]!;
  },

  agentJson() {
    return this.agent?.toJson() ?? null;
  },

  restore(saved, source) {
    this.agent = TradingAgent.fromJson(saved, source);
  },
};

export default dynaQ;
