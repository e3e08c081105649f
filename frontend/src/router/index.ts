import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'

import { useSessionStore } from '@/stores/session'

/** Who sees a page's link in the main navigation. */
export type Audience = 'everyone' | 'guest' | 'volunteer' | 'coordinator' | 'partner' | 'district'

declare module 'vue-router' {
  interface RouteMeta {
    /** The i18n key of the page title. */
    title?: string
    requiresAuth?: boolean
    /** A link in the main navigation: its i18n label, who sees it (any of them), and its place (lower first). */
    nav?: { label: string; audience: Audience | Audience[]; order: number }
  }
}

/**
 * Each area of the app (residents, volunteers, partners, the console, the district office) keeps its pages in
 * `routes/<area>.ts`, a default-exported list of routes; they are all mounted here, before the catch-all.
 */
const areaRoutes = Object.values(
  import.meta.glob<{ default: RouteRecordRaw[] }>('./routes/*.ts', { eager: true }),
).flatMap((module) => module.default)

const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  routes: [
    {
      path: '/',
      name: 'home',
      component: () => import('@/views/HomeView.vue'),
      meta: { title: 'nav.home', nav: { label: 'nav.home', audience: 'everyone', order: 0 } },
    },
    {
      path: '/events/:id(\\d+)',
      name: 'event',
      component: () => import('@/views/EventDetailView.vue'),
      props: (route) => ({ id: Number(route.params.id) }),
    },
    {
      path: '/events/:id(\\d+)/check-in',
      name: 'check-in',
      component: () => import('@/views/CheckInView.vue'),
      props: (route) => ({
        id: Number(route.params.id),
        code: typeof route.query.code === 'string' ? route.query.code : undefined,
      }),
      meta: { title: 'checkIn.title', requiresAuth: true },
    },
    { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { title: 'login.title' } },
    {
      path: '/sign-up',
      name: 'sign-up',
      component: () => import('@/views/SignUpView.vue'),
      meta: { title: 'signUp.title' },
    },
    {
      path: '/me/registrations',
      name: 'my-registrations',
      component: () => import('@/views/MyRegistrationsView.vue'),
      meta: {
        title: 'myRegistrations.title',
        requiresAuth: true,
        nav: { label: 'nav.myRegistrations', audience: 'volunteer', order: 10 },
      },
    },
    {
      path: '/me/service',
      name: 'my-service',
      component: () => import('@/views/MyServiceView.vue'),
      meta: { title: 'myService.title', requiresAuth: true, nav: { label: 'nav.myService', audience: 'volunteer', order: 20 } },
    },
    {
      path: '/certificates/verify',
      name: 'verify-certificate',
      component: () => import('@/views/VerifyCertificateView.vue'),
      meta: { title: 'verify.title', nav: { label: 'nav.verify', audience: 'everyone', order: 90 } },
    },
    ...areaRoutes,
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue'), meta: { title: 'notFound.title' } },
  ],
})

router.beforeEach(async (to) => {
  const session = useSessionStore()
  if (!session.loaded) {
    try {
      await session.load()
    } catch {
      return true
    }
  }
  if (to.meta.requiresAuth && !session.user) return { name: 'login', query: { redirect: to.fullPath } }
  return true
})

export default router
