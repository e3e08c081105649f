import type { RouteRecordRaw } from 'vue-router'

/** Service orders: residents order and follow by a secret link, volunteers take and do, coordinators dispatch. */
const routes: RouteRecordRaw[] = [
  {
    path: '/services',
    name: 'services',
    component: () => import('@/views/orders/ServicesView.vue'),
    meta: { title: 'orders.services.title', nav: { label: 'orders.nav.order', audience: 'everyone', order: 30 } },
  },
  {
    path: '/track/:token',
    name: 'track-order',
    component: () => import('@/views/orders/TrackOrderView.vue'),
    props: (route) => ({ token: String(route.params.token) }),
    meta: { title: 'orders.track.title' },
  },
  {
    path: '/me/orders',
    name: 'my-orders',
    component: () => import('@/views/orders/TakingView.vue'),
    meta: {
      title: 'orders.taking.title',
      requiresAuth: true,
      nav: { label: 'orders.nav.taking', audience: ['volunteer', 'partner'], order: 25 },
    },
  },
  {
    path: '/me/orders/:id(\\d+)',
    name: 'my-order',
    component: () => import('@/views/orders/TakerOrderView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'orders.taking.title', requiresAuth: true },
  },
  {
    path: '/console/orders',
    name: 'console-orders',
    component: () => import('@/views/orders/OrderBoardView.vue'),
    meta: {
      title: 'orders.board.title',
      requiresAuth: true,
      nav: { label: 'orders.nav.board', audience: 'coordinator', order: 55 },
    },
  },
  {
    path: '/console/orders/:id(\\d+)',
    name: 'console-order',
    component: () => import('@/views/orders/ConsoleOrderView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'orders.board.title', requiresAuth: true },
  },
]

export default routes
