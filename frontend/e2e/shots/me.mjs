// The volunteer's own pages (the demo volunteer).
export default {
  login: '13800000004',
  desktopOnly: false,
  pages: [
    ['me-profile', '/me/profile'],
    ['me-invitations', '/me/invitations'],
    ['me-calendar', '/me/calendar'],
    ['me-data', '/me/data'],
    ['me-password', '/me/password'],
  ],
}
