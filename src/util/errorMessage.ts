/** An error's message, or what was thrown as text when it is not an Error. */
export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
