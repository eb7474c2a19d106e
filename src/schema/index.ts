// Public surface of the schema layer: the registry over schemas/, FieldPolicy, issues and suggestions.
export { createSchemaRegistry, defaultSchemaDir, type SchemaRegistry } from './registry.js';
export { CARETAKER_KEYWORDS, extractPolicy } from './keywords.js';
export { explainErrors, issuesToDiagnostics, type ExplainContext, type Locate, type SchemaIssue } from './validate.js';
export { didYouMean, suggest } from './suggest.js';
export { matchesAny, pointerMatches, type FieldPolicy } from './policy.js';
