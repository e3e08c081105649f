// Service orders. The resident's order form is public; the console's board, its low ratings and two demo orders
// (ids of the fresh demo database: 13 was declined by the volunteers asked and waits for dispatch again, 12 is
// taken and past its deadline) are the coordinator's. The tracking page needs a secret link: orders.test.mjs
// checks it, and the volunteer's pages, in the browser.
export default {
  login: '13800000002',
  desktopOnly: false,
  pages: [
    ['orders-services', '/services'],
    ['orders-board', '/console/orders'],
    ['orders-board-taken', '/console/orders?tab=accepted'],
    ['orders-follow-ups', '/console/orders?tab=follow-ups'],
    ['orders-order-waiting', '/console/orders/13'],
    ['orders-order-overdue', '/console/orders/12'],
  ],
}
