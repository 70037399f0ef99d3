// AssemblyScript: byte tests the modules of src/wasm/ share.

/** An ASCII digit. */
@inline export function isDigit(c: u8): bool { return <u32>(<i32>c - 48) <= 9; }
