import { definePolicy } from '@passend/identity';

/** What a dashboard read is about: the regions and inspection areas, or one certified institution. */
export type DashboardSubject = { kind: 'regions' } | { kind: 'institution'; institutionId: string };

/**
 * Dashboards show aggregates only (never a child, never a case). Region and area dashboards are
 * for region officers and inspectors (region or inspection organisations), administrators, and
 * guardians (to see where their region stands). An institution's dashboard is for its own
 * guardians and administrators. Providers and expert-table members see no dashboards.
 */
export const dashboardPolicy = definePolicy<DashboardSubject, 'read'>('dashboard', {
  read: (p, s) =>
    s.kind === 'institution'
      ? p.role === 'admin' || (p.role === 'guardian' && p.organisationId === s.institutionId)
      : p.role === 'region_officer' || p.role === 'admin' || p.role === 'guardian',
});
