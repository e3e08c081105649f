import type { RouteRecordRaw } from 'vue-router'

const id = (name: string) => (route: { params: Record<string, unknown> }) => ({ [name]: Number(route.params[name]) })

/**
 * Co-building partners: the public directory and application, the partner admin's pages (its profile,
 * members, agreements, campaigns and activity logs) and the coordinators' reviews in the console.
 */
const routes: RouteRecordRaw[] = [
  {
    path: '/partners',
    name: 'partner-directory',
    component: () => import('@/views/partner/PartnerDirectoryView.vue'),
    meta: { title: 'partner.directory.title', nav: { label: 'partner.nav.directory', audience: 'everyone', order: 70 } },
  },
  {
    path: '/partners/apply',
    name: 'partner-apply',
    component: () => import('@/views/partner/PartnerApplyView.vue'),
    meta: { title: 'partner.apply.title' },
  },
  {
    path: '/partner',
    name: 'partner-home',
    component: () => import('@/views/partner/PartnerHomeView.vue'),
    meta: { title: 'partner.home.title', requiresAuth: true, nav: { label: 'partner.nav.mine', audience: 'partner', order: 30 } },
  },
  {
    path: '/partner/:partnerId(\\d+)',
    component: () => import('@/views/partner/PartnerLayout.vue'),
    props: id('partnerId'),
    meta: { requiresAuth: true },
    children: [
      {
        path: '',
        name: 'partner-overview',
        component: () => import('@/views/partner/PartnerOverviewView.vue'),
        meta: { title: 'partner.overview.title' },
      },
      {
        path: 'activities',
        name: 'partner-activities',
        component: () => import('@/views/partner/PartnerActivitiesView.vue'),
        meta: { title: 'partner.activities.title' },
      },
      {
        path: 'activities/new',
        name: 'partner-activity-new',
        component: () => import('@/views/partner/PartnerActivityFormView.vue'),
        meta: { title: 'partner.activityForm.newTitle' },
      },
      {
        path: 'activities/:activityId(\\d+)',
        name: 'partner-activity',
        component: () => import('@/views/partner/PartnerActivityView.vue'),
        props: id('activityId'),
        meta: { title: 'partner.activity.title' },
      },
      {
        path: 'activities/:activityId(\\d+)/edit',
        name: 'partner-activity-edit',
        component: () => import('@/views/partner/PartnerActivityFormView.vue'),
        props: id('activityId'),
        meta: { title: 'partner.activityForm.editTitle' },
      },
      {
        path: 'agreements',
        name: 'partner-agreements',
        component: () => import('@/views/partner/PartnerAgreementsView.vue'),
        meta: { title: 'partner.agreements.title' },
      },
      {
        path: 'agreements/new',
        name: 'partner-agreement-new',
        component: () => import('@/views/partner/PartnerAgreementFormView.vue'),
        meta: { title: 'partner.agreementForm.newTitle' },
      },
      {
        path: 'agreements/:agreementId(\\d+)/edit',
        name: 'partner-agreement-edit',
        component: () => import('@/views/partner/PartnerAgreementFormView.vue'),
        props: id('agreementId'),
        meta: { title: 'partner.agreementForm.editTitle' },
      },
      {
        path: 'campaigns',
        name: 'partner-campaigns',
        component: () => import('@/views/partner/PartnerCampaignsView.vue'),
        meta: { title: 'partner.campaigns.title' },
      },
      {
        path: 'members',
        name: 'partner-members',
        component: () => import('@/views/partner/PartnerMembersView.vue'),
        meta: { title: 'partner.members.title' },
      },
    ],
  },
  {
    path: '/console/partners',
    name: 'console-partners',
    component: () => import('@/views/partner/console/ConsolePartnersView.vue'),
    meta: {
      title: 'partner.console.title',
      requiresAuth: true,
      nav: { label: 'partner.nav.console', audience: 'coordinator', order: 55 },
    },
  },
  {
    path: '/console/partners/activities/:activityId(\\d+)',
    name: 'console-partner-activity',
    component: () => import('@/views/partner/console/ConsoleActivityView.vue'),
    props: id('activityId'),
    meta: { title: 'partner.review.title', requiresAuth: true },
  },
]

export default routes
