import type { RouteRecordRaw } from 'vue-router'

/**
 * The district office's pages (also open to practice-center coordinators, for their own areas): the dashboard of
 * awareness, participation and satisfaction against targets, the targets themselves, reports, and campaigns.
 */
const routes: RouteRecordRaw[] = [
  {
    path: '/district',
    name: 'district',
    component: () => import('@/views/district/DashboardView.vue'),
    meta: {
      title: 'district.dashboard.title',
      requiresAuth: true,
      nav: { label: 'district.nav', audience: 'coordinator', order: 60 },
    },
  },
  {
    path: '/district/targets',
    name: 'district-targets',
    component: () => import('@/views/district/TargetsView.vue'),
    meta: { title: 'district.targetsPage.title', requiresAuth: true },
  },
  {
    path: '/district/reports',
    name: 'district-reports',
    component: () => import('@/views/district/ReportsView.vue'),
    meta: { title: 'district.reports.title', requiresAuth: true },
  },
  {
    path: '/district/campaigns/:id(\\d+)',
    name: 'district-campaign',
    component: () => import('@/views/district/CampaignDashboardView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'district.campaign.title', requiresAuth: true },
  },
]

export default routes
