// /dev/kmsg records (Documentation/ABI/testing/dev-kmsg): `6,339,5140900,-;msg` — facility*8+level,
// sequence number, microseconds since boot, flags, optional fields (`caller=T12` with
// CONFIG_PRINTK_CALLER), `;`, the message. Dictionary lines that follow a record start with a space
// (` SUBSYSTEM=pci`): they are 'continuation' records. A jump in the sequence number means the
// reader lost records (the ring buffer overwrote them): the line is flagged Lost with the count.

import { type LineFormat, Flag } from './head';
import { COMMA, SEMI, SP, num, readUint, startsWith } from './bytes';

const CALLER = [99, 97, 108, 108, 101, 114, 61]; // 'caller='

/** The optional fields region is short; a `;` further than this is not a kmsg header. */
const MAX_FIELDS = 128;

export const kmsg: LineFormat = {
  id: 'kmsg',
  parse(b, start, end, h, st) {
    if (start < end && b[start] === SP) {
      if (!st.kmsgCont) return false;
      h.format = 'kmsg'; h.kind = 'continuation'; h.msgStart = start + 1; h.msgEnd = end;
      return true;
    }
    let j = readUint(b, start, end);
    if (j < 0 || b[j] !== COMMA || num.v > 191) return false;
    const pri = num.v;
    j = readUint(b, j + 1, end);
    if (j < 0 || b[j] !== COMMA) return false;
    const seq = num.v;
    j = readUint(b, j + 1, end);
    if (j < 0 || (b[j] !== COMMA && b[j] !== SEMI)) return false;
    const usec = num.v;
    // Optional fields up to ';': the flags ('-', 'c', '+') and, with PRINTK_CALLER, caller=T12.
    const stop = j + MAX_FIELDS < end ? j + MAX_FIELDS : end;
    let semi = -1;
    for (let k = j; k < stop; k++) {
      const c = b[k];
      if (c === SEMI) { semi = k; break; }
      if (c === COMMA && k + 8 < end && startsWith(b, k + 1, end, CALLER)) {
        const kind = b[k + 8];
        const e = readUint(b, k + 9, end);
        if ((kind === 84 || kind === 67) && e > 0) { h.callerKind = kind; h.callerId = num.v; }
      }
    }
    if (semi < 0) return false;
    h.format = 'kmsg'; h.kind = 'kernel';
    h.level = pri & 7; h.facility = pri >> 3;
    h.time = usec / 1e6;
    h.msgStart = semi + 1; h.msgEnd = end;
    if (st.kmsgSeq >= 0 && seq > st.kmsgSeq + 1) {
      h.flags |= Flag.Lost;
      h.lost = seq - st.kmsgSeq - 1;
    }
    st.kmsgSeq = seq;
    return true;
  },
};
