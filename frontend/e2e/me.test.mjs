import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, test } from 'node:test'

import { COORDINATOR, launch, logIn, newPage, seriousViolations, VOLUNTEER } from './helpers.mjs'

const STREET = '中关村街道'
const COMMUNITY = '颐北园社区'
const NEW_PASSWORD = 'Gongjian-e2e-2026'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser.close()
})

/** A valid resident ID number (GB 11643-1999): 17 digits and their ISO 7064 MOD 11-2 check character. */
function residentId(birthDate, sequence) {
  const first17 = `110108${birthDate}${String(sequence).padStart(3, '0')}`
  const total = [...first17].reduce((sum, digit, i) => sum + Number(digit) * (2 ** (17 - i) % 11), 0)
  return `${first17}${'10X98765432'[total % 11]}`
}

/** A mobile number no demo account uses. */
function newPhone() {
  return `159${String(Date.now() % 1e8).padStart(8, '0')}`
}

async function csrfHeaders(page) {
  const cookies = await page.context().cookies()
  return { 'X-CSRFToken': cookies.find((cookie) => cookie.name === 'csrftoken')?.value ?? '' }
}

/** An upcoming event of the coordinator's street that the new volunteer can be invited to and register for. */
async function invitableEvent(page) {
  const streets = await (await page.request.get(`/api/v1/areas/?level=street&search=${encodeURIComponent(STREET)}`)).json()
  const street = streets.results.find((area) => area.name === STREET)
  const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString()
  const events = await (
    await page.request.get(`/api/v1/events/?area=${street.id}&status=scheduled&starts_after=${tomorrow}&page_size=100`)
  ).json()
  const now = new Date().toISOString()
  const event = events.results.find(
    (candidate) =>
      candidate.free_places > 0 &&
      candidate.partner_only === null &&
      candidate.min_age <= 18 &&
      (!candidate.registration_opens_at || candidate.registration_opens_at <= now) &&
      (!candidate.registration_closes_at || candidate.registration_closes_at > now),
  )
  assert.ok(event, `no open event in ${STREET} in the demo data`)
  return event
}

test('a new volunteer signs up, edits the profile, accepts an invitation, downloads and deletes their data', async () => {
  const page = await newPage(browser)
  const phone = newPhone()
  const idNumber = residentId('19900315', Number(phone.slice(-3)))

  await page.goto('/sign-up')
  await page.locator('#su-name').fill('试用志愿者')
  await page.locator('#su-id').fill(idNumber)
  await page.getByText(/号码有效/).waitFor()
  await page.locator('#su-phone').fill(phone)
  await page.locator('#su-password').fill(NEW_PASSWORD)
  await page.locator('#su-area-street').selectOption({ label: STREET })
  await page.locator('#su-area-community option', { hasText: COMMUNITY }).waitFor({ state: 'attached' })
  await page.locator('#su-area-community').selectOption({ label: COMMUNITY })
  await page.getByLabel('我已阅读并单独同意处理我的身份证号码').check()
  await page.getByRole('button', { name: '注册并登录' }).click()
  await page.waitForURL((url) => url.pathname === '/')

  // the profile: identifiers masked, the editable part saved
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '个人资料' }).click()
  await page.getByRole('heading', { level: 1, name: '个人资料' }).waitFor()
  assert.equal((await page.getByTestId('me-id-number').innerText()).trim(), `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`)
  await page.getByRole('button', { name: '显示完整的身份证号码' }).click()
  assert.equal((await page.getByTestId('me-id-number').innerText()).trim(), idNumber)
  await page.getByLabel('电子邮箱').fill('e2e-volunteer@example.cn')
  await page.getByRole('checkbox', { name: '手语' }).check()
  await page.getByRole('checkbox', { name: '周六上午有空' }).check()
  await page.getByRole('checkbox', { name: '周三晚上有空' }).check()
  await page.getByRole('button', { name: '保存修改' }).click()
  await page.getByRole('status').getByText('已保存').waitFor()
  await page.reload()
  await page.getByRole('checkbox', { name: '周三晚上有空' }).waitFor()
  assert.equal(await page.getByRole('checkbox', { name: '周三晚上有空' }).isChecked(), true)
  assert.equal(await page.getByRole('checkbox', { name: '手语' }).isChecked(), true)
  assert.equal(await page.getByLabel('电子邮箱').inputValue(), 'e2e-volunteer@example.cn')
  // the community list loads after the street's: wait for the saved community to be chosen in it
  const home = String((await (await page.request.get('/api/v1/volunteers/me/')).json()).home_area.id)
  await page.waitForFunction((id) => document.querySelector('#me-area-community')?.value === id, home)

  // the coordinator invites the new volunteer, in a browser of their own
  const me = await (await page.request.get('/api/v1/auth/me/')).json()
  const coordinator = await newPage(browser, { width: 1280, height: 900 })
  await logIn(coordinator, COORDINATOR)
  const event = await invitableEvent(coordinator)
  const invited = await coordinator.request.post(`/api/v1/events/${event.id}/invitations/`, {
    data: { volunteers: [me.volunteer] },
    headers: await csrfHeaders(coordinator),
  })
  assert.equal(invited.status(), 201, await invited.text())
  await coordinator.context().close()

  await page.goto('/me/invitations')
  await page.getByTestId('pending-count').getByText('有 1 条邀请等您回复').waitFor()
  const card = page.getByTestId('invitation').filter({ hasText: event.title })
  await card.getByRole('button', { name: '接受邀请' }).click()
  await card.getByTestId('invitation-result').getByText('已报名').waitFor()
  await card.getByText('已接受').waitFor()
  await page.locator('.el-message').waitFor({ state: 'detached' })
  assert.deepEqual(await seriousViolations(page), [])
  const registrations = await (await page.request.get('/api/v1/registrations/')).json()
  assert.deepEqual(
    registrations.results.map((registration) => [registration.event.id, registration.status]),
    [[event.id, 'confirmed']],
  )

  // the calendar link, and a reset that changes it
  await page.goto('/me/calendar')
  const address = page.getByRole('textbox', { name: '订阅地址' })
  await address.waitFor()
  const before = await address.inputValue()
  assert.match(before, /\/api\/v1\/calendar\/[\w-]+\.ics$/)
  assert.match(await page.getByRole('link', { name: '在日历应用中打开' }).getAttribute('href'), /^webcal:\/\//)
  await page.getByRole('button', { name: '重置订阅地址' }).click()
  await page.getByRole('dialog').getByRole('button', { name: '重置订阅地址' }).click()
  await page.getByRole('status').getByText('订阅地址已重置').waitFor()
  assert.notEqual(await address.inputValue(), before)

  // my data: the export holds what the platform keeps
  await page.goto('/me/data')
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载我的数据' }).click()])
  assert.equal(download.suggestedFilename(), 'my-volunteer-data.json')
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'))
  assert.equal(exported.volunteer.real_name, '试用志愿者')
  assert.equal(exported.volunteer.id_number, idNumber)
  assert.equal(exported.account.phone, phone)
  assert.deepEqual(exported.volunteer.availability.sort(), ['sat-morning', 'wed-evening'])

  // deleting the account: refused without the box ticked and with a wrong password, then done
  await page.getByRole('button', { name: '注销账号' }).click()
  await page.getByText('请先勾选确认').waitFor()
  await page.getByLabel('输入登录密码确认').fill('not-my-password')
  await page.getByLabel('我已了解注销的后果，确定要注销账号').check()
  await page.getByRole('button', { name: '注销账号' }).click()
  await page.getByRole('dialog').getByRole('button', { name: '确定注销' }).click()
  await page.locator('#me-delete-password-error').getByText('密码不正确').waitFor()
  await page.getByLabel('输入登录密码确认').fill(NEW_PASSWORD)
  await page.getByRole('button', { name: '注销账号' }).click()
  await page.getByRole('dialog').getByRole('button', { name: '确定注销' }).click()
  await page.waitForURL((url) => url.pathname === '/')
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '登录' }).waitFor()
  const login = await page.request.post('/api/v1/auth/login/', {
    data: { phone, password: NEW_PASSWORD },
    headers: await csrfHeaders(page),
  })
  assert.equal(login.status(), 400)
  await page.context().close()
})

test('a wrong current password is named next to its field', async () => {
  const page = await newPage(browser)
  await logIn(page, VOLUNTEER)
  await page.goto('/me/password')
  await page.getByLabel('当前密码').fill('not-the-password')
  await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD)
  await page.getByLabel('再输入一次新密码').fill(`${NEW_PASSWORD}!`)
  await page.getByRole('button', { name: '修改密码' }).click()
  await page.getByText('两次输入的新密码不一样').waitFor()
  await page.getByLabel('再输入一次新密码').fill(NEW_PASSWORD)
  await page.getByRole('button', { name: '修改密码' }).click()
  await page.locator('#me-old-password-error').getByText('密码不正确').waitFor()
  assert.equal(await page.getByLabel('当前密码').getAttribute('aria-invalid'), 'true')
  await page.context().close()
})

/** The page is drawn, and the login's welcome toast (Element Plus's pale green, not these pages') has gone. */
const loaded = async (page) => {
  await page.getByRole('heading', { level: 1 }).first().waitFor()
  await page.waitForFunction(() => !document.querySelector('.state--loading'))
  await page.locator('.el-message').waitFor({ state: 'detached' })
}

for (const options of [{}, { elder: true }, { locale: 'en' }, { width: 1280, height: 900 }]) {
  test(`the volunteer's own pages have no serious axe violations ${JSON.stringify(options)}`, async () => {
    const page = await newPage(browser, options)
    await logIn(page, VOLUNTEER)
    for (const path of ['/me/profile', '/me/invitations', '/me/calendar', '/me/data', '/me/password']) {
      await page.goto(path)
      await loaded(page)
      assert.deepEqual(await seriousViolations(page), [], `axe on ${path}`)
    }
    await page.context().close()
  })
}
