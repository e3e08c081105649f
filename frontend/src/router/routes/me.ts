import type { RouteRecordRaw } from 'vue-router'

/** The volunteer's own account: profile, invitations, calendar subscription, password and personal data. */
const routes: RouteRecordRaw[] = [
  {
    path: '/me/invitations',
    name: 'me-invitations',
    component: () => import('@/views/me/MeInvitationsView.vue'),
    meta: { title: 'me.invitations.title', requiresAuth: true, nav: { label: 'me.nav.invitations', audience: 'volunteer', order: 15 } },
  },
  {
    path: '/me/profile',
    name: 'me-profile',
    component: () => import('@/views/me/MeProfileView.vue'),
    meta: { title: 'me.profile.title', requiresAuth: true, nav: { label: 'me.nav.profile', audience: 'volunteer', order: 25 } },
  },
  {
    path: '/me/calendar',
    name: 'me-calendar',
    component: () => import('@/views/me/MeCalendarView.vue'),
    meta: { title: 'me.calendar.title', requiresAuth: true },
  },
  {
    path: '/me/data',
    name: 'me-data',
    component: () => import('@/views/me/MeDataView.vue'),
    meta: { title: 'me.data.title', requiresAuth: true },
  },
  {
    path: '/me/password',
    name: 'me-password',
    component: () => import('@/views/me/MePasswordView.vue'),
    meta: { title: 'me.password.title', requiresAuth: true },
  },
]

export default routes
