import { createRouter, createWebHistory } from 'vue-router'

import { useSessionStore } from '@/stores/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** The i18n key of the page title. */
    title?: string
    requiresAuth?: boolean
  }
}

const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  routes: [
    { path: '/', name: 'home', component: () => import('@/views/HomeView.vue'), meta: { title: 'nav.home' } },
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
      props: (route) => ({ id: Number(route.params.id) }),
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
      meta: { title: 'myRegistrations.title', requiresAuth: true },
    },
    {
      path: '/me/service',
      name: 'my-service',
      component: () => import('@/views/MyServiceView.vue'),
      meta: { title: 'myService.title', requiresAuth: true },
    },
    {
      path: '/certificates/verify',
      name: 'verify-certificate',
      component: () => import('@/views/VerifyCertificateView.vue'),
      meta: { title: 'verify.title' },
    },
    {
      path: '/console',
      name: 'console',
      component: () => import('@/views/console/ConsoleCampaignsView.vue'),
      meta: { title: 'console.title', requiresAuth: true },
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
