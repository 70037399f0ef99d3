// RCU CPU stall warnings: the collector the analyzer feeds with log lines, and the explanations
// of a report's fields that the editor's hovers show.
export { StallCollector, STALL_KEYWORDS } from './collector';
export {
  explainStall, explainField, decodeValue, stallFields, stallFieldAt, STALL_FIELDS,
  type StallFieldId, type StallField, type FieldHit,
} from './explain';
