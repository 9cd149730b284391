// The centre's service-fee schedules (交易服务费) as data: per procedure kind, a progressive rate (差额定率累进) on the
// part of the awarded amount inside each band, the sum rounded half up to the fen once, then held within the
// schedule's minimum and maximum.
import type { Knex } from 'knex';
import { Region, ServiceFeeBand, ServiceFeeSchedule } from '@ggzy/db';
import { BusinessError } from '../step';

export interface FeeBand { fromFen: number; toFen: number | null; ratePpm: number }

export interface FeeSchedule {
  id: number;
  procedureKind: string;
  regionCode: string | null;
  effectiveFrom: string;
  minimumFen: number | null;
  maximumFen: number | null;
  source: string;
  bands: FeeBand[];
}

export interface FeeLine extends FeeBand { portionFen: number }

export interface Fee {
  feeFen: number;
  /** The exact fee before rounding, in fen, as a decimal string (six places). */
  exactFen: string;
  lines: FeeLine[];
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function invalid(schedule: FeeSchedule, why: string): BusinessError {
  return new BusinessError('FEE_SCHEDULE_INVALID', `服务费费率表 ${schedule.id}（${schedule.procedureKind}）有误：${why}`, `service-fee schedule ${schedule.id} (${schedule.procedureKind}) is invalid: ${why}`, { scheduleId: schedule.id });
}

/** The fee on an amount: bands must start at 0, follow each other without gap and end unbounded. */
export function computeFee(baseFen: number, schedule: FeeSchedule): Fee {
  const bands = [...schedule.bands].sort((a, b) => a.fromFen - b.fromFen);
  if (bands.length === 0 || bands[0]!.fromFen !== 0) throw invalid(schedule, 'the first band must start at 0');
  bands.forEach((band, i) => {
    const next = bands[i + 1];
    if (next && band.toFen !== next.fromFen) throw invalid(schedule, `band ${band.fromFen}–${band.toFen} is not followed by one starting at ${band.toFen}`);
    if (!next && band.toFen !== null) throw invalid(schedule, 'the last band must be unbounded');
  });
  let micro = 0n; // fen × 1,000,000
  const lines: FeeLine[] = [];
  for (const band of bands) {
    const top = band.toFen === null ? baseFen : Math.min(baseFen, band.toFen);
    const portionFen = Math.max(0, top - band.fromFen);
    if (portionFen === 0) continue;
    micro += BigInt(portionFen) * BigInt(band.ratePpm);
    lines.push({ ...band, portionFen });
  }
  const whole = micro / 1_000_000n;
  let feeFen = Number((micro % 1_000_000n) * 2n >= 1_000_000n ? whole + 1n : whole);
  if (schedule.minimumFen !== null) feeFen = Math.max(feeFen, schedule.minimumFen);
  if (schedule.maximumFen !== null) feeFen = Math.min(feeFen, schedule.maximumFen);
  return { feeFen, exactFen: `${whole}.${String(micro % 1_000_000n).padStart(6, '0')}`, lines };
}

/** The schedule in force on a day for a procedure kind: the city's, else its province's, else the platform's. */
export async function scheduleFor(trx: Knex, procedureKind: string, regionCode: string, date: string): Promise<FeeSchedule> {
  const region = await Region.query(trx).findById(regionCode).select('parent_code');
  const chain = [regionCode, ...(region?.parent_code ? [region.parent_code] : [])];
  const rows = await ServiceFeeSchedule.query(trx).where({ procedure_kind: procedureKind }).where('effective_from', '<=', date)
    .where((q) => q.whereIn('region_code', chain).orWhereNull('region_code')).select('*');
  const rank = (code: string | null) => (code === null ? chain.length : chain.indexOf(code));
  rows.sort((a, b) =>
    rank(a.region_code) - rank(b.region_code) || b.effective_from.localeCompare(a.effective_from));
  const row = rows[0];
  if (!row) {
    throw new BusinessError('FEE_SCHEDULE_MISSING', `没有适用于 ${procedureKind} 的服务费费率表（${date}）`, `no service-fee schedule applies to ${procedureKind} on ${date}`, { procedureKind, regionCode, date });
  }
  const bands = await ServiceFeeBand.query(trx).where('schedule_id', row.id).orderBy('from_fen').select('from_fen', 'to_fen', 'rate_ppm');
  return {
    id: Number(row.id), procedureKind: row.procedure_kind, regionCode: row.region_code ?? null, effectiveFrom: row.effective_from,
    minimumFen: num(row.minimum_fen), maximumFen: num(row.maximum_fen), source: row.source,
    bands: bands.map((b) => ({ fromFen: Number(b.from_fen), toFen: num(b.to_fen), ratePpm: Number(b.rate_ppm) })),
  };
}
