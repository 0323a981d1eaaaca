// Output formatting shared by every command: JSON (64-bit integers as bare numbers, as
// bpftool prints them), hex bytes in bpftool's two forms, and aligned tables.

const BIG = '\u0000bigint:';

/** JSON text where bigints are exact bare numbers (JSON.stringify refuses bigints). */
export function toJson(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'bigint') return `${BIG}${v}`;
    if (v instanceof Uint8Array) return [...v];
    return v;
  }, indent);
  return text.replace(/"\\u0000bigint:(-?\d+)"/g, '$1');
}

export function printJson(value: unknown): void {
  console.log(toJson(value));
}

/** bpftool's JSON bytes: ["0x01", "0x00", ...]. */
export const jsonHex = (bytes: Uint8Array): string[] => [...bytes].map((b) => `0x${b.toString(16).padStart(2, '0')}`);

/** bpftool's text bytes: "01 00 00 00". */
export const textHex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');

/** Lowercase hex of the whole buffer, no separators (a program tag). */
export const plainHex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

/** Rows as aligned columns under a header; the last column is not padded. */
export function table(header: string[], rows: (string | number | bigint)[][]): string[] {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd());
}

/** "0x1a" */
export const hexNumber = (n: number | bigint): string => `0x${n.toString(16)}`;
