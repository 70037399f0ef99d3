// RCU CPU stall warnings: the collector the analyzer feeds with log lines.
export { StallCollector, STALL_KEYWORDS } from './collector';
