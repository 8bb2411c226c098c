/** The programmatic API; the CLI is one client of it. */
export { runJob, importJob, exportJob, normalizeJob, checkRules, PIPELINE_STAGES, UNTIL_CHOICES, type RunOptions, type RunSummary } from './pipeline.js';
export { loadRules, shippedRulesDir } from './rules/loader.js';
export { rulesSchema } from './rules/schema.js';
export { rulesJsonSchema } from './rules/json-schema.js';
export type { ResolvedRules, ResolvedField, ResolvedSource, ResolvedTarget } from './rules/resolved.js';
export { StewardError, InputError, RulesError, ThresholdError, RuntimeFailure, ExitCode, type RuleIssue } from './errors.js';
export { connectors } from './connectors/registry.js';
export type { ConnectorDefinition, SourceReader, TargetWriter } from './connectors/types.js';
export { openWorkspace } from './workspace/workspace.js';
export { CsvTokenizer } from './connectors/csv/csv-tokenizer.js';
export { guardFormula } from './connectors/formula-guard.js';
export { foldHeader } from './stages/import/column-mapping.js';
export { normalizers } from './normalizers/registry.js';
export type { NormalizerDefinition, NormalizeOutput, NormalizeContext, Flag } from './normalizers/types.js';
export { createFieldPipelines, normalizeValues } from './stages/normalize/field-pipelines.js';
