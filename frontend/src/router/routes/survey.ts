import type { RouteRecordRaw } from 'vue-router'

/**
 * Resident surveys: the public page a poster's QR code opens (`/surveys/<id>?c=<signed community>`, see
 * targets/links.py), and the district office's survey pages (list, create from a template, open and close,
 * posters, results).
 */
const routes: RouteRecordRaw[] = [
  {
    path: '/surveys/:id(\\d+)',
    name: 'survey-answer',
    component: () => import('@/views/survey/SurveyAnswerView.vue'),
    props: (route) => ({ id: Number(route.params.id), link: typeof route.query.c === 'string' ? route.query.c : '' }),
    meta: { title: 'survey.answer.pageTitle' },
  },
  {
    path: '/district/surveys',
    name: 'district-surveys',
    component: () => import('@/views/survey/SurveyListView.vue'),
    meta: { title: 'survey.manage.title', requiresAuth: true },
  },
  {
    path: '/district/surveys/new',
    name: 'district-survey-new',
    component: () => import('@/views/survey/SurveyCreateView.vue'),
    meta: { title: 'survey.create.title', requiresAuth: true },
  },
  {
    path: '/district/surveys/:id(\\d+)',
    name: 'district-survey',
    component: () => import('@/views/survey/SurveyManageView.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: 'survey.detail.title', requiresAuth: true },
  },
]

export default routes
