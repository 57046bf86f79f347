import { createActivityService, type ActivityService } from './activity.service.ts'
import { createCsvService, type CsvService } from './csv.service.ts'
import { createDashboardService, type DashboardService } from './dashboard.service.ts'
import type { ServiceDeps, Services } from './index.ts'
import { createLibraryService, type LibraryService } from './library.service.ts'
import { createTrashService, type TrashService } from './lifecycle.service.ts'
import { createRevisionService, type RevisionService } from './revision.service.ts'
import { createSearchService, type SearchService } from './search.service.ts'
import { createServiceContext } from './service-context.ts'
import { createTemplateService, type TemplateService } from './template.service.ts'

/** The quoting-depth services (issue 4), built over the core services. */
export interface QuotingServices {
  activity: ActivityService
  revisions: RevisionService
  trash: TrashService
  templates: TemplateService
  library: LibraryService
  csv: CsvService
  search: SearchService
  dashboard: DashboardService
}

type CoreServices = Pick<Services, 'clients' | 'products' | 'proposals' | 'settings'>

export function createQuotingServices(deps: ServiceDeps, core: CoreServices): QuotingServices {
  const ctx = createServiceContext(deps)
  const activity = createActivityService(ctx)
  return {
    activity,
    revisions: createRevisionService(ctx, core.proposals),
    trash: createTrashService(ctx),
    templates: createTemplateService(ctx, core.proposals),
    library: createLibraryService(ctx, core.proposals),
    csv: createCsvService(ctx, core),
    search: createSearchService(ctx),
    dashboard: createDashboardService(ctx, activity),
  }
}
