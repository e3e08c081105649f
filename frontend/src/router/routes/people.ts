import type { RouteRecordRaw } from 'vue-router'

/** People: the volunteer directory, ledgers and teams (coordinators); roles and the audit trail (district). */
const routes: RouteRecordRaw[] = [
  {
    path: '/console/volunteers',
    name: 'people-volunteers',
    component: () => import('@/views/people/VolunteerDirectoryView.vue'),
    meta: {
      title: 'people.directory.title',
      requiresAuth: true,
      nav: { label: 'people.nav.volunteers', audience: 'coordinator', order: 55 },
    },
  },
  {
    path: '/console/volunteers/:id(\\d+)',
    name: 'people-volunteer',
    component: () => import('@/views/people/VolunteerRecordsView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'people.records.title', requiresAuth: true },
  },
  {
    path: '/console/teams',
    name: 'people-teams',
    component: () => import('@/views/people/TeamsView.vue'),
    meta: { title: 'people.teams.title', requiresAuth: true },
  },
  {
    path: '/console/teams/new',
    name: 'people-team-new',
    component: () => import('@/views/people/TeamEditView.vue'),
    meta: { title: 'people.team.newTitle', requiresAuth: true },
  },
  {
    path: '/console/teams/:id(\\d+)',
    name: 'people-team',
    component: () => import('@/views/people/TeamEditView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'people.team.title', requiresAuth: true },
  },
  {
    path: '/console/roles',
    name: 'people-roles',
    component: () => import('@/views/people/RolesView.vue'),
    meta: {
      title: 'people.roles.title',
      requiresAuth: true,
      nav: { label: 'people.nav.accounts', audience: 'district', order: 65 },
    },
  },
  {
    path: '/console/audit-log',
    name: 'people-audit',
    component: () => import('@/views/people/AuditLogView.vue'),
    meta: { title: 'people.audit.title', requiresAuth: true },
  },
]

export default routes
