// RCU CPU stall warnings: the collector the analyzer feeds with log lines. (The explanations of a
// report's fields, for hovers, are imported from ./explain where they are used.)
export { StallCollector, STALL_KEYWORDS, BARE_REPORT_LINES } from './collector';
