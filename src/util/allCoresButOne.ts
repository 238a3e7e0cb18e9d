/** The default number of pool threads: all cores but one, which the host keeps for itself. */
export const allCoresButOne = (cores: number) => Math.max(1, cores - 1);
