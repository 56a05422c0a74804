/**
 * The language model tools of package.json (`contributes.languageModelTools`). The activation
 * shell registers a delegate for each, so an agent can call one before anything else loaded the
 * features; test/unit/agentTools checks this list against the manifest.
 */
export const AGENT_TOOL_NAMES = {
  getCustomer: 'rotor_getCustomer',
  findCustomers: 'rotor_findCustomers',
  customersInFile: 'rotor_customersInFile',
} as const;
