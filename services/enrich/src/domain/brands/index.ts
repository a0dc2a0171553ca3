// Brand matching: the brand config, its query language and the one matcher compiled from it.
export { BrandConfigError, parseBrandConfig, type Brand } from './brand-config.ts';
export { compileBrandCatalog, type BrandCatalog, type BrandMatch } from './brand-catalog.ts';
export { parseQuery, QUERY_LIMITS, type QueryLimits } from './query-parser.ts';
export { formatTerm, QueryParseError, type QueryNode, type QueryTerm, type QueryTermKind } from './query-node.ts';
export { mentionedHandles, tokenizeMention, type MentionToken } from './mention-tokens.ts';
export { needsResponse, relateToBrand, type BrandRelation, type MentionAddressing } from './brand-relation.ts';
