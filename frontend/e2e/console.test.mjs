// The coordinators' console at a desktop's width: campaigns and weekly series, publishing, the check-in
// screen, attendance by hand and by the screen's code, the assignment plan, invitations; and axe on every page.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { COORDINATOR, launch, logIn, newPage, seriousViolations, VOLUNTEER } from './helpers.mjs'

const DESKTOP = { width: 1280, height: 900 }
let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser.close()
})

/** A JSON request as the page's signed-in user (session cookie, CSRF header on writes). */
async function api(page, method, path, body) {
  const cookies = await page.context().cookies()
  const csrf = cookies.find((cookie) => cookie.name === 'csrftoken')?.value ?? ''
  const response = await page.request.fetch(path, {
    method,
    headers: { 'X-CSRFToken': csrf, Referer: new URL(page.url()).origin + '/', 'Content-Type': 'application/json' },
    data: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  assert.ok(response.ok(), `${method} ${path} → ${response.status()} ${text}`)
  return text ? JSON.parse(text) : null
}

/** The coordinator's practice center, its area and that area's communities. */
async function coordinatorScope(page) {
  const me = await api(page, 'GET', '/api/v1/auth/me/')
  const center = await api(page, 'GET', `/api/v1/centers/${me.memberships.find((m) => m.role === 'coordinator').center.id}/`)
  const communities = await api(page, 'GET', `/api/v1/areas/?parent=${center.area}&ordering=name`)
  return { center, communities: communities.results }
}

/** The demo campaign of the coordinator's area whose coming events still have free places. */
async function demoCampaign(page) {
  const { center } = await coordinatorScope(page)
  const campaigns = await api(page, 'GET', `/api/v1/campaigns/?area=${center.area}&status=published&ordering=created_at`)
  const now = new Date().toISOString()
  for (const campaign of campaigns.results) {
    const open = await api(
      page,
      'GET',
      `/api/v1/campaigns/${campaign.id}/events/?status=scheduled&has_free_places=true&starts_after=${now}&ordering=starts_at`,
    )
    if (open.count > 0) return { campaign, event: open.results[0] }
  }
  throw new Error('No demo campaign with open places in the coordinator’s area')
}

const loaded = (page) => page.waitForFunction(() => !document.querySelector('.state--loading'))

async function confirmDialog(page, button) {
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('button', { name: button }).click()
  await dialog.waitFor({ state: 'hidden' })
}

test('a coordinator creates a campaign and a weekly series, publishes it and opens the check-in screen', async () => {
  const page = await newPage(browser, DESKTOP)
  await logIn(page, COORDINATOR)
  const title = `楼道清理周末行动 ${Date.now()}`

  await page.goto('/console')
  await page.getByRole('link', { name: '新建专项行动' }).click()
  await page.getByLabel('行动名称').fill(title)
  await page.getByLabel('主题', { exact: true }).selectOption({ label: '环境卫生' })
  const end = new Date(Date.now() + 60 * 24 * 3600 * 1000).toISOString().slice(0, 10)
  await page.getByLabel('结束日期').fill(end)
  await page.getByRole('checkbox', { name: '毛纺社区' }).check()
  await page.getByRole('button', { name: '保存草稿' }).click()
  await page.getByRole('heading', { level: 1, name: title }).waitFor()
  assert.equal((await page.getByTestId('campaign-status').innerText()).trim(), '草稿')

  await page.getByRole('link', { name: '添加每周重复的活动' }).click()
  await page.getByRole('radio', { name: '每周重复' }).waitFor()
  assert.ok(await page.getByRole('radio', { name: '每周重复' }).isChecked())
  await page.getByLabel('活动名称').fill('毛纺社区·周末楼道清理')
  await page.getByLabel('所在社区（区域）').selectOption({ label: '毛纺社区' })
  await page.getByLabel('集合地点').fill('毛纺社区居委会门口')
  await page.getByRole('checkbox', { name: '周三' }).check()
  await page.getByLabel('重复几周').fill('2')
  await page.getByLabel('名额', { exact: true }).fill('5')
  await page.getByTestId('series-preview').getByText('将创建 4 场活动').waitFor()
  await page.getByRole('button', { name: '创建 4 场活动' }).click()
  await page.getByRole('heading', { level: 1, name: title }).waitFor()
  await loaded(page)
  assert.equal(await page.locator('table').first().locator('tbody tr').count(), 4)

  await page.getByRole('button', { name: '发布', exact: true }).click()
  await confirmDialog(page, '发布')
  await page.getByTestId('campaign-status').getByText('已发布').waitFor()

  await page.locator('table').first().getByRole('link').first().click()
  await page.getByRole('heading', { level: 1, name: '毛纺社区·周末楼道清理' }).waitFor()
  const eventId = Number(new URL(page.url()).pathname.split('/').pop())
  await page.getByRole('link', { name: '打开签到屏幕' }).click()
  const code = page.getByTestId('check-in-code')
  await code.waitFor()
  const shown = await code.getAttribute('data-code')
  assert.match((await code.innerText()).replace(/\s/g, ''), /^[0-9]{6}$/)
  const current = await api(page, 'GET', `/api/v1/events/${eventId}/check-in-code/`)
  // The screen shows the code of the current 30-second period (or, across a rotation, the one just before).
  if (current.code !== shown) {
    await page.waitForFunction((next) => document.querySelector('[data-testid="check-in-code"]')?.dataset.code === next, current.code)
  }
  await page.getByText(/秒后更换/).waitFor()
  await page.context().close()
})

test('attendance: a manual check-in, then a check-out with the code on the screen', async () => {
  const page = await newPage(browser, DESKTOP)
  await logIn(page, COORDINATOR)
  const { center, communities } = await coordinatorScope(page)
  const campaign = await api(page, 'POST', '/api/v1/campaigns/', {
    title: `签到演练 ${Date.now()}`,
    theme: 'civility',
    center: center.id,
    starts_on: new Date().toISOString().slice(0, 10),
    ends_on: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString().slice(0, 10),
  })
  await api(page, 'POST', `/api/v1/campaigns/${campaign.id}/publish/`)
  const now = Date.now()
  const event = await api(page, 'POST', `/api/v1/campaigns/${campaign.id}/events/`, {
    title: '文明劝导签到演练',
    area: communities[0].id,
    address: '社区活动站',
    capacity: 3,
    starts_at: new Date(now - 10 * 60 * 1000).toISOString(),
    ends_at: new Date(now + 2 * 3600 * 1000).toISOString(),
    registration_closes_at: new Date(now + 3600 * 1000).toISOString(),
  })

  const volunteer = await newPage(browser)
  await logIn(volunteer, VOLUNTEER)
  const registration = await api(volunteer, 'POST', `/api/v1/events/${event.id}/registrations/`, {})
  assert.equal(registration.status, 'confirmed')

  await page.goto(`/console/events/${event.id}`)
  const row = page.locator(`tr[data-registration="${registration.id}"]`)
  await row.waitFor()
  await row.getByRole('button', { name: '签到' }).click()
  await row.getByText('已到场').waitFor()
  await row.getByText(/^签到 /).waitFor()

  await page.getByRole('link', { name: '打开签到屏幕' }).click()
  const code = await page.getByTestId('check-in-code').getAttribute('data-code')
  const checkedOut = await api(volunteer, 'POST', `/api/v1/events/${event.id}/check-out/`, { code })
  assert.ok(checkedOut.checked_out_at)

  await page.goto(`/console/events/${event.id}`)
  await page.locator(`tr[data-registration="${registration.id}"]`).getByText(/^签退 /).waitFor()
  await volunteer.context().close()
  await page.context().close()
})

test('the assignment plan shows the optimal plan beside best-first picking and sends its invitations', async () => {
  const page = await newPage(browser, DESKTOP)
  await logIn(page, COORDINATOR)
  const { campaign } = await demoCampaign(page)

  await page.goto(`/console/campaigns/${campaign.id}`)
  await page.getByRole('button', { name: '计算分配方案' }).click()
  const comparison = page.getByTestId('plan-comparison')
  await comparison.waitFor()
  for (const heading of ['最优方案', '逐个挑选', '提升']) {
    await comparison.getByRole('columnheader', { name: heading }).waitFor()
  }
  const cells = await comparison.locator('tbody tr').first().locator('td').allInnerTexts()
  const [optimal, greedy] = cells.map(Number)
  assert.ok(optimal >= greedy, `optimal ${optimal} below greedy ${greedy}`)
  assert.match(await page.getByTestId('plan-gain').innerText(), optimal > greedy ? /多得/ : /一样好/)

  const send = page.getByRole('button', { name: /^发送邀请（\d+ 人）$/ })
  const count = Number((await send.innerText()).match(/\d+/)[0])
  assert.ok(count > 0)
  await send.click()
  await confirmDialog(page, `发送邀请（${count} 人）`)
  await page.getByText(`已发出 ${count} 份邀请`).first().waitFor()
  await page.context().close()
})

test('a coordinator invites a chosen candidate and sees the invitation waiting', async () => {
  const page = await newPage(browser, DESKTOP)
  await logIn(page, COORDINATOR)
  const { event } = await demoCampaign(page)

  await page.goto(`/console/events/${event.id}`)
  await page.getByRole('heading', { name: '推荐人选' }).waitFor()
  await loaded(page)
  const choice = page.getByTestId('candidate').getByRole('checkbox', { disabled: false }).first()
  const name = (await choice.getAttribute('aria-label')).replace(/^选择/, '')
  await choice.check()
  await page.getByRole('button', { name: '邀请选中的 1 人' }).click()
  const invitations = page.getByTestId('invitations')
  await invitations.locator('tr', { hasText: name }).getByText('待回复').waitFor()
  // The toast, once it has faded in (mid-fade its text is paler than at rest).
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.el-message.console-toast') ?? document.body).opacity === '1')
  assert.deepEqual(await seriousViolations(page), [], 'axe with the confirmation toast')
  await page.context().close()
})

test('a cancelled event tells why, and the campaign list filters by status', async () => {
  const page = await newPage(browser, DESKTOP)
  await logIn(page, COORDINATOR)
  const { center, communities } = await coordinatorScope(page)
  const campaign = await api(page, 'POST', '/api/v1/campaigns/', {
    title: `改期演练 ${Date.now()}`,
    theme: 'traffic',
    center: center.id,
    starts_on: new Date().toISOString().slice(0, 10),
    ends_on: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString().slice(0, 10),
  })
  const start = Date.now() + 3 * 24 * 3600 * 1000
  const event = await api(page, 'POST', `/api/v1/campaigns/${campaign.id}/events/`, {
    title: '路口劝导',
    area: communities[0].id,
    address: '路口',
    capacity: 4,
    starts_at: new Date(start).toISOString(),
    ends_at: new Date(start + 2 * 3600 * 1000).toISOString(),
  })

  await page.goto(`/console/events/${event.id}`)
  await page.getByRole('button', { name: '取消活动' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel(/取消原因/).fill('暴雨预警，改期另行通知。')
  await dialog.getByRole('button', { name: '确定取消活动' }).click()
  await page.getByText('活动已取消', { exact: true }).waitFor()

  await page.goto('/console')
  await page.getByLabel('状态', { exact: true }).selectOption('draft')
  await page.getByRole('link', { name: campaign.title }).waitFor()
  assert.ok(new URL(page.url()).searchParams.get('status') === 'draft')
  await page.context().close()
})

test('the console pages have no serious axe violations in Chinese, English and 长辈模式', async () => {
  const setup = await newPage(browser, DESKTOP)
  await logIn(setup, COORDINATOR)
  const { campaign, event } = await demoCampaign(setup)
  await setup.context().close()
  const paths = [
    '/console',
    '/console/campaigns/new',
    `/console/campaigns/${campaign.id}`,
    `/console/campaigns/${campaign.id}/edit`,
    `/console/campaigns/${campaign.id}/events/new`,
    `/console/campaigns/${campaign.id}/events/new?series=1`,
    `/console/events/${event.id}`,
    `/console/events/${event.id}/edit`,
    `/console/events/${event.id}/check-in-screen`,
  ]
  for (const options of [{}, { locale: 'en' }, { elder: true }]) {
    const page = await newPage(browser, { ...DESKTOP, ...options })
    await logIn(page, COORDINATOR)
    for (const path of paths) {
      await page.goto(path)
      await page.getByRole('heading', { level: 1 }).first().waitFor()
      await loaded(page)
      assert.deepEqual(await seriousViolations(page), [], `axe on ${path} ${JSON.stringify(options)}`)
    }
    await page.goto(`/console/campaigns/${campaign.id}`)
    await page.locator('.plan-options button[type="submit"]').click()
    await page.getByTestId('plan-comparison').waitFor()
    await page.mouse.move(0, 0) // Element Plus's hover colour is the theme's, not the page's at rest
    assert.deepEqual(await seriousViolations(page), [], `axe on the plan ${JSON.stringify(options)}`)
    await page.context().close()
  }

  const phone = await newPage(browser, { width: 360, height: 780 })
  await logIn(phone, COORDINATOR)
  await phone.goto(`/console/events/${event.id}/check-in-screen`)
  await phone.getByTestId('check-in-code').waitFor()
  assert.deepEqual(await seriousViolations(phone), [], 'axe on the check-in screen at 360 px')
  const box = await phone.getByTestId('check-in-code').boundingBox()
  assert.ok(box && box.x >= 0 && box.x + box.width <= 360, 'the code fits a phone’s width')
  await phone.context().close()
})
