import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { COORDINATOR, launch, logIn, newPage, seriousViolations, VOLUNTEER } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser.close()
})

async function check(page, path, ready) {
  await page.goto(path)
  await ready(page)
  assert.deepEqual(await seriousViolations(page), [], `axe on ${path}`)
}

const heading = (page) => page.getByRole('heading', { level: 1 }).first().waitFor()
const loaded = async (page) => {
  await heading(page)
  await page.waitForFunction(() => !document.querySelector('.state--loading'))
}

for (const options of [{}, { elder: true }, { locale: 'en' }, { width: 1280, height: 900 }]) {
  test(`public and volunteer pages have no serious axe violations ${JSON.stringify(options)}`, async () => {
    const page = await newPage(browser, options)
    await check(page, '/', loaded)
    await check(page, '/events/1', loaded)
    await check(page, '/sign-up', loaded)
    await check(page, '/certificates/verify', heading)
    await check(page, '/login', heading)
    await logIn(page, VOLUNTEER)
    await check(page, '/me/registrations', loaded)
    await check(page, '/me/service', loaded)
    await check(page, '/events/1/check-in', loaded)
    await page.context().close()
  })
}

test('the coordinator console has no serious axe violations', async () => {
  const page = await newPage(browser, { width: 1280, height: 900 })
  await logIn(page, COORDINATOR)
  await check(page, '/console', loaded)
  const campaign = page.locator('table a').first()
  await campaign.click()
  await loaded(page)
  assert.deepEqual(await seriousViolations(page), [])
  await page.locator('table a').first().click()
  await loaded(page)
  await page.getByRole('heading', { name: '推荐人选' }).waitFor()
  assert.deepEqual(await seriousViolations(page), [])
  await page.context().close()
})
