import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { findEvent, launch, logIn, newPage, VOLUNTEER } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser.close()
})

test('a volunteer logs in, registers for an event, sees 已报名 and cancels', async () => {
  const page = await newPage(browser)
  await logIn(page, VOLUNTEER)
  const event = await findEvent(page, { full: false })

  await page.goto(`/events/${event.id}`)
  await page.getByRole('heading', { level: 1, name: event.title }).waitFor()
  await page.getByRole('button', { name: '报名参加' }).click()
  const state = page.getByTestId('registration-state')
  await state.getByText('已报名').waitFor()
  assert.match(await state.innerText(), /签到码/)

  await page.reload()
  await page.getByTestId('registration-state').getByText('已报名').waitFor()

  await page.getByRole('button', { name: '取消报名' }).click()
  await page.getByRole('dialog').getByRole('button', { name: '取消报名' }).click()
  await page.getByRole('button', { name: '报名参加' }).waitFor()

  await page.goto('/me/registrations')
  await page.getByRole('heading', { name: /已取消/ }).waitFor()
  await page.context().close()
})

test('a full event puts the volunteer on the waitlist with their place', async () => {
  const page = await newPage(browser)
  await logIn(page, VOLUNTEER)
  const event = await findEvent(page, { full: true })

  await page.goto(`/events/${event.id}`)
  await page.getByRole('button', { name: '报名候补' }).click()
  await page.getByTestId('registration-state').getByText(`候补第${event.waitlist_count + 1}位`).waitFor()
  await page.context().close()
})

test('registration works with the keyboard alone', async () => {
  const page = await newPage(browser, { width: 1280, height: 900 })
  await logIn(page, VOLUNTEER)
  const event = await findEvent(page, { full: false })
  await page.goto(`/events/${event.id}`)
  await page.getByRole('button', { name: '报名参加' }).waitFor()
  for (let presses = 0; presses < 40; presses += 1) {
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '')
    if (focused === '报名参加') break
  }
  await page.keyboard.press('Enter')
  await page.getByTestId('registration-state').getByText('已报名').waitFor()
  await page.context().close()
})

test('sign-up checks the ID number as it is typed', async () => {
  const page = await newPage(browser)
  await page.goto('/sign-up')
  const id = page.getByLabel('身份证号码', { exact: true })
  await id.fill('110105194912310021')
  await page.getByText('身份证号码校验位不正确').waitFor()
  await id.fill('11010519491231002x')
  await page.getByText(/号码有效 · 女/).waitFor()
  await page.getByLabel('手机号', { exact: true }).fill('1380013800')
  await page.getByLabel('手机号', { exact: true }).blur()
  await page.getByText('请输入以 1 开头的 11 位手机号').waitFor()
  await page.context().close()
})
