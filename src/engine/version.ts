/**
 * The engine's version, recorded in every run file. It names the model a run was made with: a
 * change that alters any run's figures (a named model fix, the kind that regenerates
 * test/golden) bumps it, so a run file made with another version says why its books may not
 * match. It follows package.json's version (a unit test holds them together).
 */
export const ENGINE_VERSION = '0.1.0';
