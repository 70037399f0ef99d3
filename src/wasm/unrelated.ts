// STUB (replaced by the unrel helper's port)
@inline export function unrelatedAt(m: i32, e: i32, t: i32): bool { return false; }
