import { addDays } from '../../src-shared/domain/calendar-date.ts'
import type { Dashboard } from '../../src-shared/ipc/quoting.contract.ts'
import { expiringRows, outcomeCounts, pipelineRows } from '../repositories/dashboard.repository.ts'
import type { ActivityService } from './activity.service.ts'
import { daysUntil, todayLocal } from './lifecycle.service.ts'
import type { ServiceContext } from './service-context.ts'

export const WIN_RATE_DAYS = 90

export interface DashboardService {
  get(): Dashboard
}

export function createDashboardService(
  ctx: ServiceContext,
  activity: Pick<ActivityService, 'recent'>,
): DashboardService {
  const { db } = ctx
  return {
    get() {
      const now = ctx.now()
      const today = todayLocal(now)
      const { accepted, declined } = outcomeCounts(
        db,
        new Date(now.getTime() - WIN_RATE_DAYS * 86_400_000).toISOString(),
      )
      return {
        today,
        pipeline: pipelineRows(db, today),
        expiringThisWeek: expiringRows(db, today, addDays(today, 7), 50).map((r) => ({
          id: r.id,
          number: r.number,
          revision: r.revision,
          title: r.title,
          status: r.status,
          clientId: r.client_id,
          clientName: r.client_name,
          currency: r.currency,
          issueDate: r.issue_date,
          validUntil: r.valid_until,
          net: r.net_minor,
          gross: r.gross_minor,
          isSample: r.is_sample === 1,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
          daysLeft: daysUntil(r.valid_until, today) ?? 0,
        })),
        winRate: {
          days: WIN_RATE_DAYS,
          accepted,
          declined,
          rate: accepted + declined > 0 ? accepted / (accepted + declined) : null,
        },
        recentActivity: activity.recent(10),
      }
    },
  }
}
