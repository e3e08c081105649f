// The partner admin's pages (the demo university is partner 1); the public and console pages are in the e2e test.
export default {
  login: '13800000003',
  desktopOnly: false,
  pages: [
    ['partner-directory', '/partners'],
    ['partner-apply', '/partners/apply'],
    ['partner-overview', '/partner/1'],
    ['partner-activities', '/partner/1/activities'],
    ['partner-activity-new', '/partner/1/activities/new'],
    ['partner-activity', '/partner/1/activities/1'],
    ['partner-agreements', '/partner/1/agreements'],
    ['partner-campaigns', '/partner/1/campaigns'],
    ['partner-members', '/partner/1/members'],
  ],
}
