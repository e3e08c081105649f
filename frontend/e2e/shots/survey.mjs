// The resident's survey page (the demo's open district survey), as a poster's QR code opens it without a community.
export default {
  login: null,
  desktopOnly: false,
  pages: [['survey-answer', '/surveys/2']],
}
