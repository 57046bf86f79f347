/** Calendar dates ("YYYY-MM-DD") are plain strings, validated arithmetically so no time zone can shift them. */
import type { CalendarDate } from './proposal.types.ts'

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

export function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
    return leap ? 29 : 28
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

/** "2026-02-28" → true; "2026-02-30", "2026-2-1", "2026-13-01" → false. */
export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false
  const m = DATE_RE.exec(value)
  if (!m) return false
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}

export function parseCalendarDate(value: CalendarDate): {
  year: number
  month: number
  day: number
} {
  if (!isCalendarDate(value))
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${String(value)}`)
  const [year, month, day] = value.split('-').map(Number) as [number, number, number]
  return { year, month, day }
}

/** Adds whole days without touching time zones (used for "valid until = issue date + N days"). */
export function addDays(value: CalendarDate, days: number): CalendarDate {
  const { year, month, day } = parseCalendarDate(value)
  const t = Date.UTC(year, month - 1, day) + days * 86_400_000
  return new Date(t).toISOString().slice(0, 10)
}
