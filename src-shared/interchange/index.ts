export * from './interchange.schema.ts'
export * from './interchange.ts'
export { JsonNumberText, JsonSyntaxError, MAX_JSON_DEPTH, parseJsonText } from './json-text.ts'
