/**
 * The period a bonus run covers: the month of yesterday (local), from its first day through
 * yesterday. Today's SLA is still moving, and the 06:00 run on the 1st closes the previous month.
 */
import { DateTime } from 'luxon';
import { TIME_ZONE } from '../../core/catalog.ts';

export interface BonusPeriod {
  /** `YYYY-MM` */
  readonly month: string;
  /** Local dates, first of the month through `through`. */
  readonly days: readonly string[];
  readonly through: string;
}

export function bonusPeriod(now: Date): BonusPeriod {
  const yesterday = DateTime.fromJSDate(now, { zone: TIME_ZONE }).startOf('day').minus({ days: 1 });
  const days: string[] = [];
  for (let day = yesterday.startOf('month'); day <= yesterday; day = day.plus({ days: 1 })) {
    days.push(day.toFormat('yyyy-MM-dd'));
  }
  return { month: yesterday.toFormat('yyyy-MM'), days, through: yesterday.toFormat('yyyy-MM-dd') };
}
