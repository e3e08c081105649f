import type { RouteRecordRaw } from 'vue-router'

/** The coordinators' console: campaigns, events, check-in, candidates, plans and partners. */
const id = (route: { params: Record<string, unknown> }) => ({ id: Number(route.params.id) })

const routes: RouteRecordRaw[] = [
  {
    path: '/console',
    name: 'console',
    component: () => import('@/views/console/ConsoleCampaignsView.vue'),
    meta: { title: 'console.title', requiresAuth: true, nav: { label: 'nav.console', audience: 'coordinator', order: 50 } },
  },
  {
    path: '/console/campaigns/new',
    name: 'console-campaign-new',
    component: () => import('@/views/console/ConsoleCampaignFormView.vue'),
    meta: { title: 'consoleTools.titles.newCampaign', requiresAuth: true },
  },
  {
    path: '/console/campaigns/:id(\\d+)',
    name: 'console-campaign',
    component: () => import('@/views/console/ConsoleCampaignView.vue'),
    props: id,
    meta: { title: 'console.title', requiresAuth: true },
  },
  {
    path: '/console/campaigns/:id(\\d+)/edit',
    name: 'console-campaign-edit',
    component: () => import('@/views/console/ConsoleCampaignFormView.vue'),
    props: id,
    meta: { title: 'consoleTools.titles.editCampaign', requiresAuth: true },
  },
  {
    path: '/console/campaigns/:id(\\d+)/events/new',
    name: 'console-event-new',
    component: () => import('@/views/console/ConsoleEventFormView.vue'),
    props: (route) => ({ campaignId: Number(route.params.id), series: route.query.series === '1' }),
    meta: { title: 'consoleTools.titles.newEvent', requiresAuth: true },
  },
  {
    path: '/console/events/:id(\\d+)',
    name: 'console-event',
    component: () => import('@/views/console/ConsoleEventView.vue'),
    props: id,
    meta: { title: 'console.title', requiresAuth: true },
  },
  {
    path: '/console/events/:id(\\d+)/edit',
    name: 'console-event-edit',
    component: () => import('@/views/console/ConsoleEventFormView.vue'),
    props: (route) => ({ eventId: Number(route.params.id) }),
    meta: { title: 'consoleTools.titles.editEvent', requiresAuth: true },
  },
  {
    path: '/console/events/:id(\\d+)/check-in-screen',
    name: 'console-check-in-screen',
    component: () => import('@/views/console/ConsoleCheckInScreenView.vue'),
    props: id,
    meta: { title: 'consoleTools.titles.checkInScreen', requiresAuth: true },
  },
]

export default routes
