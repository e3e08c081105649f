// The coordinators' console (demo data: campaign 1 is the Zhongguancun coordinator's, event 3 its event under way
// now, event 4 a full one to come).
export default {
  login: '13800000002',
  desktopOnly: false,
  pages: [
    ['console-campaigns', '/console'],
    ['console-campaign-new', '/console/campaigns/new'],
    ['console-campaign', '/console/campaigns/1'],
    ['console-campaign-edit', '/console/campaigns/1/edit'],
    ['console-series-new', '/console/campaigns/1/events/new?series=1'],
    ['console-event-now', '/console/events/3'],
    ['console-event-full', '/console/events/4'],
    ['console-event-edit', '/console/events/4/edit'],
    ['console-check-in-screen', '/console/events/3/check-in-screen'],
  ],
}
