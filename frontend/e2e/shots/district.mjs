// The district office's pages, as the district admin sees them.
export default {
  login: '13800000001',
  desktopOnly: false,
  pages: [
    ['district-dashboard', '/district'],
    ['district-street', '/district?street=11'],
    ['district-targets', '/district/targets'],
    ['district-surveys', '/district/surveys'],
    ['district-survey', '/district/surveys/2'],
    ['district-survey-new', '/district/surveys/new'],
    ['district-reports', '/district/reports'],
    ['district-campaign', '/district/campaigns/1'],
  ],
}
