// Public surface of the manifest layer: reading files, positions, interpolation, the stack, references.
export { displayName, loadDocuments, parseManifestText, type LoadOptions, type LoadResult } from './load.js';
export { buildSourceMap, fileOnlySourceMap } from './source-map.js';
export { expandString, interpolate, type Expansion, type InterpolateOptions, type InterpolateResult } from './interpolate.js';
export {
  STACK_KIND, buildStack, isPlainObject, isStackDocument, locateMerged, mergeDefaults, selectStack,
  type MergedLocation, type StackSelection,
} from './stack.js';
export { checkCycles, checkDangling, checkDuplicates, findReferences, isRefObject, type ResourceEntry } from './references.js';
export type { Lifecycle, ManifestDocument, ManifestSet, Reference, ResourceManifest, SourceMap, StackManifest } from './types.js';
