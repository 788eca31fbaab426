/** How an item is prompted and escalated (SPEC §2.4): the working days of silence before each step. */
export interface Policy {
  promptTime: string;
  remindAfter: number;
  escalateAfter: number;
  escalateAgainAfter: number;
}

export const defaultPolicy: Policy = { promptTime: '09:30', remindAfter: 2, escalateAfter: 5, escalateAgainAfter: 10 };

export interface PolicyLayer {
  prompt_time: string | null;
  remind_after: number | null;
  escalate_after: number | null;
  escalate_again_after: number | null;
}

/**
 * The policy in force: each field from the most specific layer that sets it (list, then unit,
 * then global), else the default.
 *
 * @example
 * effectivePolicy([listLayer, unitLayer, globalLayer]).remindAfter
 */
export function effectivePolicy(layers: (PolicyLayer | undefined)[]): Policy {
  const pick = <K extends keyof PolicyLayer>(field: K) => layers.find((layer) => layer?.[field] != null)?.[field] ?? null;
  return {
    promptTime: pick('prompt_time') ?? defaultPolicy.promptTime,
    remindAfter: pick('remind_after') ?? defaultPolicy.remindAfter,
    escalateAfter: pick('escalate_after') ?? defaultPolicy.escalateAfter,
    escalateAgainAfter: pick('escalate_again_after') ?? defaultPolicy.escalateAgainAfter,
  };
}
