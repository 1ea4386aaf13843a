import {
  ACTION_LABELS,
  DYNA_Q_PARAMS,
  TradingAgent,
  stateIndicators,
  trainAgent,
  type Decision,
  type DynaQSettings,
  type Strategy,
  type TrainingSummary,
} from '../src/index.js';

/**
 * The product's main strategy: Dyna-Q over a discretized market state (plus the position held).
 * `train` hands the training window to the agent (src/agent/train.ts: the state chosen from the
 * data, rewards from the broker, a model of the market solved by planning, the trades a bootstrap
 * ensemble of models agrees on); `decide` asks the trained agent for the greedy action of today's
 * indicator values. Testing is greedy and frozen: two tests of a window trade the same.
 */
interface DynaQState {
  /** The trained (or restored) agent; null before training. */
  agent: TradingAgent | null;
}

const dynaQ: Strategy<DynaQSettings> & DynaQState = {
  name: 'dyna-q',
  label: 'Dyna-Q',
  params: DYNA_Q_PARAMS,
  agent: null,
  // the state's indicators, or every candidate feature when the state is chosen from the data
  indicators: (params) => stateIndicators(params.indicators),

  train(history, { setup, params, progress }): TrainingSummary {
    if (this.agent?.source) {
      // A saved agent is used as it was trained: no further learning.
      return { epochs: 0, stoppedBecause: `loaded from ${this.agent.source}, not trained again`, learningCurve: [], realSteps: 0, planningUpdates: 0, policy: this.agent.policy() };
    }
    const onEpoch = (epoch: number, epochs: number, _return: number, planning: number) => progress(epoch, epochs, `planning updates ${String(planning).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`);
    const { agent, summary } = trainAgent(history, setup, params, { onEpoch });
    this.agent = agent;
    return summary;
  },

  begin() {
    this.agent?.begin();
  },

  decide(day): Decision {
    if (this.agent === null) throw new Error('a window is traded before train()');
    const action = this.agent.act(day);
    return action === null ? null : ACTION_LABELS[action]!; // null: indicator warm-up, no decision
  },

  agentJson() {
    return this.agent?.toJson() ?? null;
  },

  restore(saved, source) {
    this.agent = TradingAgent.fromJson(saved, source);
  },
};

export default dynaQ;
