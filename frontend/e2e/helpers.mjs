// Shared by the browser tests: Debian's Chromium driven by playwright-core, logins, and axe-core.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

import { chromium } from 'playwright-core'

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8000'
export const PASSWORD = 'gongjian-demo-2026'
export const VOLUNTEER = '13800000004'
export const COORDINATOR = '13800000002'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  })
}

/** A fresh browser context (its own cookies and localStorage) at a phone's width unless told otherwise. */
export async function newPage(browser, { width = 360, height = 780, locale = 'zh-CN', elder = false } = {}) {
  const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width, height }, locale })
  await context.addInitScript(
    ([appLocale, elderMode]) => {
      if (!localStorage.getItem('gongjian.locale')) localStorage.setItem('gongjian.locale', appLocale)
      if (elderMode) localStorage.setItem('gongjian.elderMode', '1')
    },
    [locale, elder],
  )
  return context.newPage()
}

export async function logIn(page, phone) {
  await page.goto('/login')
  await page.locator('#login-phone').fill(phone)
  await page.locator('#login-password').fill(PASSWORD)
  await page.locator('form button[type="submit"]').click()
  await page.waitForURL((url) => url.pathname !== '/login')
}

/** Serious and critical accessibility violations on the current page, as short lines. */
export async function seriousViolations(page) {
  await page.addScriptTag({ content: axeSource })
  const violations = await page.evaluate(async () => {
    const results = await globalThis.axe.run(document, { resultTypes: ['violations'] })
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      targets: violation.nodes.map((node) => node.target.join(' ')).slice(0, 3),
    }))
  })
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.targets.join(', ')}`)
}

/** An upcoming event the volunteer can take: free places or full, and clear of their other sign-ups. */
export async function findEvent(page, { full }) {
  const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString()
  const events = await (await page.request.get(`/api/v1/events/?starts_after=${tomorrow}&status=scheduled&page_size=100`)).json()
  const mine = await (await page.request.get('/api/v1/registrations/?page_size=100')).json()
  const busy = mine.results.filter((item) => item.status !== 'cancelled').map((item) => item.event)
  const event = events.results.find(
    (candidate) =>
      (full ? candidate.free_places === 0 : candidate.free_places > 0) &&
      candidate.partner_only === null &&
      candidate.min_age <= 18 &&
      !candidate.registration_closes_at &&
      busy.every((other) => other.id !== candidate.id && (other.ends_at <= candidate.starts_at || other.starts_at >= candidate.ends_at)),
  )
  if (!event) throw new Error(`No ${full ? 'full' : 'open'} event for the volunteer in the demo data`)
  return event
}
