import type { RouteRecordRaw } from 'vue-router'

/** The coordinators' console: campaigns, events, candidates. */
const routes: RouteRecordRaw[] = [
  {
    path: '/console',
    name: 'console',
    component: () => import('@/views/console/ConsoleCampaignsView.vue'),
    meta: { title: 'console.title', requiresAuth: true, nav: { label: 'nav.console', audience: 'coordinator', order: 50 } },
  },
  {
    path: '/console/campaigns/:id(\\d+)',
    name: 'console-campaign',
    component: () => import('@/views/console/ConsoleCampaignView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'console.title', requiresAuth: true },
  },
  {
    path: '/console/events/:id(\\d+)',
    name: 'console-event',
    component: () => import('@/views/console/ConsoleEventView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'console.title', requiresAuth: true },
  },
]

export default routes
