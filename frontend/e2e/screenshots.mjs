// Photographs every page at a phone's and a desktop's width, in Chinese, English and 长辈模式.
// Each area adds its pages in `shots/<area>.mjs`: `export default { login, desktopOnly, pages: [[name, path]] }`.
import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { COORDINATOR, launch, logIn, newPage, VOLUNTEER } from './helpers.mjs'

const out = process.argv[2] ?? '/tmp/shots'
mkdirSync(out, { recursive: true })

const variants = [
  { name: '360-zh', width: 360, height: 780 },
  { name: '360-en', width: 360, height: 780, locale: 'en' },
  { name: '360-elder', width: 360, height: 780, elder: true },
  { name: '1280-zh', width: 1280, height: 900 },
  { name: '1280-en', width: 1280, height: 900, locale: 'en' },
  { name: '1280-elder', width: 1280, height: 900, elder: true },
]
const publicPages = [
  ['home', '/'],
  ['event', '/events/2'],
  ['login', '/login'],
  ['sign-up', '/sign-up'],
  ['verify', '/certificates/verify'],
]
const volunteerPages = [
  ['my-registrations', '/me/registrations'],
  ['my-service', '/me/service'],
  ['check-in', '/events/2/check-in'],
  ['event-signed-in', '/events/2'],
]

const shotsDir = fileURLToPath(new URL('./shots/', import.meta.url))
const areas = await Promise.all(
  (existsSync(shotsDir) ? readdirSync(shotsDir) : [])
    .filter((name) => name.endsWith('.mjs'))
    .sort()
    .map(async (name) => (await import(join(shotsDir, name))).default),
)

async function shoot(page, name) {
  await page.waitForLoadState('networkidle')
  await page.waitForFunction(() => !document.querySelector('.state--loading'))
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true })
}

const browser = await launch()
try {
  for (const variant of variants) {
    const page = await newPage(browser, variant)
    for (const [name, path] of publicPages) {
      await page.goto(path)
      await shoot(page, `${variant.name}-${name}`)
    }
    await logIn(page, VOLUNTEER)
    for (const [name, path] of volunteerPages) {
      await page.goto(path)
      await shoot(page, `${variant.name}-${name}`)
    }
    await page.context().close()
    for (const area of areas) {
      if (area.desktopOnly && variant.width < 1000) continue
      const areaPage = await newPage(browser, variant)
      if (area.login) await logIn(areaPage, area.login)
      for (const [name, path] of area.pages) {
        await areaPage.goto(path)
        await shoot(areaPage, `${variant.name}-${name}`)
      }
      await areaPage.context().close()
    }
  }
  const console_ = await newPage(browser, { width: 1280, height: 900 })
  await logIn(console_, COORDINATOR)
  await console_.goto('/console')
  await shoot(console_, '1280-zh-console')
  await console_.locator('table a').first().click()
  await shoot(console_, '1280-zh-console-campaign')
  await console_.locator('table a').first().click()
  await shoot(console_, '1280-zh-console-event')
  await console_.context().close()
} finally {
  await browser.close()
}
process.stdout.write(`Screenshots in ${out}\n`)
