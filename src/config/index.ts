export { loadProjectConfig, validateConfig, type LoadedConfig } from './load.js';
export {
  resolveConfig,
  renderConfig,
  flagNames,
  type EffectiveConfig,
  type FlagValues,
  type Setting,
} from './effective.js';
export { selectByGlobs } from './globs.js';
export { levels, oracles, policies, allowedValues, type Level, type Oracle, type Policy } from './schema.js';
