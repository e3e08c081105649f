/** `110105194912310021` → `110105********0021`, as the server masks it for everyone else. */
export function maskIdNumber(value: string): string {
  if (!value) return ''
  return `${value.slice(0, 6)}${'*'.repeat(8)}${value.slice(-4)}`
}

/** `13800138000` → `138****8000`. */
export function maskPhone(value: string): string {
  if (!value) return ''
  return `${value.slice(0, 3)}****${value.slice(-4)}`
}
