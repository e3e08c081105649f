// Co-building partners in the browser: an activity log with a photo from submission to verification, an
// organization's application to its approval, a log sent back and resubmitted, a coordinator's invitation to a
// campaign accepted with a commitment, and axe on every partner page.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { COORDINATOR, launch, logIn, newPage, seriousViolations } from './helpers.mjs'

const PARTNER_ADMIN = '13800000003'

/**
 * A 96×72 street scene as JPEG, carrying EXIF with a GPS position (39°59′N 116°18′E, Zhongguancun) and a camera
 * maker: what a phone's photo carries, and what the server must strip.
 */
const PHOTO_WITH_GPS = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4QCkRXhpZgAATU0AKgAAAAgAAgEPAAIAAAAQAAAAJoglAAQAAAABAAAANgAAAABFMkUgUGhvbmUg' +
  'TWFrZXIAAAQAAQACAAAAAk4AAAAAAgAFAAAAAwAAAGwAAwACAAAAAkUAAAAABAAFAAAAAwAAAIQAAAAAAAAAJwAAAAEAAAA7AAAAAQAA' +
  'AAAAAAABAAAAdAAAAAEAAAASAAAAAQAAAAAAAAAB/9sAQwAGBAUGBQQGBgUGBwcGCAoQCgoJCQoUDg8MEBcUGBgXFBYWGh0lHxobIxwW' +
  'FiAsICMmJykqKRkfLTAtKDAlKCko/9sAQwEHBwcKCAoTCgoTKBoWGigoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgo' +
  'KCgoKCgoKCgoKCgo/8AAEQgASABgAwEiAAIRAQMRAf/EAB8AAAEFAQEBAQEBAAAAAAAAAAABAgMEBQYHCAkKC//EALUQAAIBAwMCBAMF' +
  'BQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldY' +
  'WVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn' +
  '6Onq8fLz9PX29/j5+v/EAB8BAAMBAQEBAQEBAQEAAAAAAAABAgMEBQYHCAkKC//EALURAAIBAgQEAwQHBQQEAAECdwABAgMRBAUhMQYS' +
  'QVEHYXETIjKBCBRCkaGxwQkjM1LwFWJy0QoWJDThJfEXGBkaJicoKSo1Njc4OTpDREVGR0hJSlNUVVZXWFlaY2RlZmdoaWpzdHV2d3h5' +
  'eoKDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uLj5OXm5+jp6vLz9PX29/j5+v/aAAwD' +
  'AQACEQMRAD8A1aKKK+vPlwooooAKKKKACiiigAq7Z6Xe3ke+3t2ZP7xIUH6E9elGjWy3mp28En3GbLe4Azj8cYr0NFVEVUUKqjAAGABX' +
  'yPEvEssplGjRinNq+t7JXt0te9n10PZyvK1jE6lR2itNN7nmlzbzWspjuI2jcdmHX3HqPeoq7/xFZx3WlzM4AeJTIjY5GOSPxxj/APVX' +
  'AV6PD+dLN8O6jjyyi7NdPVHNmOBeCq8qd09grTs9K+02yS+dt3Z425749azK6bR/+QbD+P8AM0uIcbWweGjUoSs3JLZPSz7nRkmFpYqu' +
  '4VldWv17rsU/7D/6eP8Axz/69H9h/wDTx/45/wDXrZor47/WLMf+fn4R/wAj6f8AsTA/8+/xf+Zjf2H/ANPH/jn/ANesmdPKmkjznYxX' +
  'Prg119cne/8AH5P/ANdG/nX0fDuZ4rG1ZxryukuyX5JHiZ5gMPhacJUY2bfd/qyCiiivrD5sltZ3tbmOeI4dG3D39j7V3VjrdldQhmmS' +
  'F8fMkjYwfYnrXAUV4WdcP4fN1F1G4yjs127M9DA5jVwTajqn0Op8R65FJA1pZNv38SSDIAGeg9c/lj68ctRRXXleV0Mroewoerb3bMcX' +
  'i6mLqe0qBXTaP/yDYfx/ma5mum0f/kGw/j/M15PFn+5x/wAS/KR63Dn+9S/wv80XaKKK/Pj7UK5O9/4/J/8Aro3866yuTvf+Pyf/AK6N' +
  '/OvruEf41T0X5nzXEv8ACh6/oQUUUV92fHhRRRQAUUUUAcjVmG/vIYxHDd3EcY6KkhAH4ZqtRXxbipaNH1KbWxc/tTUP+f66/wC/zf40' +
  'f2pqH/P9df8Af5v8ap0VPsodkV7Sfcuf2pqH/P8AXX/f5v8AGqju0js7sWdjksTkk+tJRVRhGOyE5N7sKKKKokKKKKACiiigAooooAKK' +
  'KKACiiigAooooAKKKKACiiigD//Z',
  'base64',
)

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser.close()
})

/** The page's heading is there and nothing is loading any more. */
async function loaded(page) {
  await page.getByRole('heading', { level: 1 }).first().waitFor()
  await page.waitForFunction(() => !document.querySelector('.state--loading'))
}

async function apiGet(page, path) {
  const response = await page.request.get(path)
  assert.equal(response.status(), 200, `GET ${path}`)
  return response.json()
}

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

/** The demo partner admin's partner and its current agreement's progress, by commitment kind. */
async function partnerProgress(page) {
  const me = await apiGet(page, '/api/v1/auth/me/')
  const partnerId = me.memberships.find((membership) => membership.role === 'partner_admin').partner.id
  const agreements = await apiGet(page, `/api/v1/partners/${partnerId}/agreements/`)
  const today = new Date().toISOString().slice(0, 10)
  const agreement = agreements.results.find((item) => item.starts_on <= today && today <= item.ends_on)
  const progress = await apiGet(page, `/api/v1/partners/${partnerId}/agreements/${agreement.id}/progress/`)
  const byKind = Object.fromEntries(progress.commitments.map((item) => [item.kind, item]))
  return { partnerId, byKind }
}

/** The check character of a unified social credit code (GB 32100-2015), to make up a valid one. */
function creditCode(first17) {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  let total = 0
  for (let i = 0; i < 17; i += 1) total += alphabet.indexOf(first17[i]) * (3 ** i % 31)
  return first17 + alphabet[(31 - (total % 31)) % 31]
}

const number = (value) => Number(value).toLocaleString('zh-CN', { maximumFractionDigits: 1 })

test('a partner admin logs an activity with a photo at 360 px, the coordinator verifies it, the agreement counts it', async () => {
  const page = await newPage(browser)
  await logIn(page, PARTNER_ADMIN)
  const before = await partnerProgress(page)
  const title = `楼道堆物清理 e2e ${Date.now()}`

  await page.goto('/partner')
  await page.waitForURL(/\/partner\/\d+$/)
  await page.getByRole('navigation', { name: '单位管理' }).getByRole('link', { name: '活动台账' }).click()
  await page.getByRole('link', { name: '登记新活动' }).click()
  await page.getByRole('heading', { level: 1, name: '登记共建活动' }).waitFor()
  await page.getByLabel('活动名称').fill(title)
  // The coordinator covers 中关村街道: the activity takes place there, in one of its communities.
  await page.getByLabel('活动所在街道 / 乡镇').selectOption({ label: '中关村街道' })
  const community = page.getByLabel('社区 / 村（选填）')
  await page.locator('#af-area-community option:nth-child(2)').waitFor({ state: 'attached' })
  await community.selectOption({ index: 1 })
  await page.getByLabel('详细地点').fill('小区 3 号楼楼道')
  await page.getByLabel(/活动内容/).fill('清理楼道堆物 12 处，消除消防隐患。')
  await page.getByRole('checkbox', { name: /张志愿/ }).check()
  await page.getByLabel('张志愿 的服务时长（小时）').fill('2')
  await page.getByText('已选 1 人，共 2 小时').waitFor()
  await page.getByRole('button', { name: '保存并继续' }).click()

  await page.waitForURL(/\/activities\/\d+$/)
  const activityId = Number(new URL(page.url()).pathname.split('/').pop())
  await page.getByRole('heading', { level: 1, name: title }).waitFor()
  await page.getByText('服务器会去除其中的拍摄地点').waitFor()
  await page.locator('#photo-gallery').setInputFiles({ name: 'scene.jpg', mimeType: 'image/jpeg', buffer: PHOTO_WITH_GPS })
  await page.getByRole('button', { name: '查看第 1 张照片的大图' }).waitFor()
  const thumbnail = page.getByRole('button', { name: '查看第 1 张照片的大图' }).locator('img')
  await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await thumbnail.elementHandle())

  const stored = await apiGet(page, `/api/v1/activities/${activityId}/`)
  const original = await page.request.get(stored.photos[0].url)
  const bytes = await original.body()
  assert.equal(bytes.subarray(0, 2).toString('hex'), 'ffd8', 'the stored photo is a JPEG')
  assert.ok(!bytes.includes('Exif') && !bytes.includes('E2E Phone Maker'), 'the stored photo carries no EXIF (no GPS position)')

  await page.getByRole('button', { name: '提交核实' }).click()
  await page.getByTestId('activity-state').getByText('待核实', { exact: true }).waitFor()

  const coordinator = await newPage(browser)
  await logIn(coordinator, COORDINATOR)
  await coordinator.goto('/console/partners')
  await coordinator.getByRole('link', { name: title }).click()
  await coordinator.getByRole('heading', { level: 1, name: title }).waitFor()
  await coordinator.getByRole('button', { name: '查看第 1 张照片的大图' }).click()
  await coordinator.getByRole('dialog', { name: '现场照片 1 / 1' }).getByRole('img', { name: '第 1 张现场照片' }).waitFor()
  await coordinator.keyboard.press('Escape')
  await coordinator.getByRole('dialog').waitFor({ state: 'hidden' })
  await coordinator.getByRole('cell', { name: '张志愿' }).waitFor()
  await coordinator.getByRole('button', { name: '核实通过' }).click()
  await coordinator.getByRole('dialog').getByText('1 名参与人员共 2 小时').waitFor()
  await coordinator.getByRole('dialog').getByRole('button', { name: '核实通过' }).click()
  await coordinator.getByTestId('activity-state').getByText('已核实', { exact: true }).waitFor()
  await coordinator.context().close()

  await page.reload()
  await page.getByTestId('activity-state').getByText('已核实', { exact: true }).waitFor()
  await page.getByRole('navigation', { name: '单位管理' }).getByRole('link', { name: '共建协议' }).click()
  const events = before.byKind.events
  const hours = before.byKind.volunteer_hours
  await page.getByText(`已完成 ${number(Number(events.delivered) + 1)} / ${number(events.pledged)} 场`).waitFor()
  await page.getByText(`已完成 ${number(Number(hours.delivered) + 2)} / ${number(hours.pledged)} 小时`).waitFor()
  const bar = page.getByRole('progressbar', { name: /共建活动/ })
  assert.equal(
    await bar.getAttribute('aria-valuenow'),
    String(Math.min(100, Math.round(((Number(events.delivered) + 1) / Number(events.pledged)) * 100))),
  )
  await page.context().close()
})

test('an organization applies with a checked credit code and the coordinator approves it', async () => {
  const page = await newPage(browser)
  const name = `中关村 e2e 科技有限公司 ${Date.now()}`
  const phone = `137${String(Date.now()).slice(-8)}`
  const code = creditCode(`91110108MA${String(Date.now()).slice(-7)}`)

  await page.goto('/partners')
  await page.getByRole('link', { name: '申请成为共建单位' }).click()
  await page.getByRole('heading', { level: 1, name: '申请成为共建单位' }).waitFor()
  await page.getByLabel('单位名称').fill(name)
  await page.getByLabel('单位类型').selectOption({ label: '企业' })
  const credit = page.getByLabel('统一社会信用代码')
  await credit.fill(code.slice(0, 17) + (code[17] === '0' ? '1' : '0'))
  await page.getByText('统一社会信用代码的校验位不正确').waitFor()
  await credit.fill(code.toLowerCase())
  await page.getByText(`代码有效：${code}`).waitFor()
  await page.getByLabel('所在街道 / 乡镇').selectOption({ label: '中关村街道' })
  await page.getByLabel('单位地址').fill('北京市海淀区中关村大街 1 号')
  await page.getByLabel('联系人姓名').fill('王建国')
  await page.getByLabel('联系人手机号').fill(phone)
  await page.getByLabel('管理员登录密码').fill('gongjian-e2e-2026')
  await page.getByRole('button', { name: '提交申请' }).click()
  await page.getByRole('heading', { level: 1, name: '申请已提交' }).waitFor()
  await page.getByRole('status').getByText('待审核').waitFor()
  await page.context().close()

  const coordinator = await newPage(browser, { width: 1280, height: 900 })
  await logIn(coordinator, COORDINATOR)
  await coordinator.goto('/console/partners?tab=applications')
  const card = coordinator.getByRole('article', { name })
  await card.getByText(code).waitFor()
  await card.getByRole('button', { name: /^通过/ }).click()
  await coordinator.getByRole('dialog').getByRole('button', { name: '通过' }).click()
  await coordinator.getByText(`已通过“${name}”的申请`).waitFor()
  await coordinator.goto('/partners')
  await coordinator.getByLabel('按名称查找').fill(name)
  await coordinator.getByRole('button', { name: '查找' }).click()
  await coordinator.getByRole('heading', { level: 3, name }).waitFor()
  await coordinator.context().close()

  const admin = await newPage(browser)
  await admin.goto('/login')
  await admin.locator('#login-phone').fill(phone)
  await admin.locator('#login-password').fill('gongjian-e2e-2026')
  await admin.locator('form button[type="submit"]').click()
  await admin.waitForURL((url) => url.pathname !== '/login')
  await admin.goto('/partner')
  await admin.getByRole('heading', { level: 2, name: '已通过审核' }).waitFor()
  await admin.context().close()
})

test('the coordinator sends a log back with a reason, the partner adds a photo and sends it again', async () => {
  const page = await newPage(browser)
  await logIn(page, PARTNER_ADMIN)
  const { partnerId } = await partnerProgress(page)
  const coordinator = await newPage(browser, { width: 1280, height: 900 })
  await logIn(coordinator, COORDINATOR)
  const queue = await apiGet(coordinator, `/api/v1/activities/?status=submitted&partner=${partnerId}`)
  const activity = queue.results[0]
  await coordinator.goto(`/console/partners/activities/${activity.id}`)
  await coordinator.getByRole('button', { name: '退回修改' }).click()
  const dialog = coordinator.getByRole('dialog', { name: '退回这条活动台账' })
  await dialog.getByRole('button', { name: '退回修改' }).click()
  await dialog.getByText('请写明原因').waitFor()
  await dialog.getByLabel('退回原因').fill('请补充一张能看清活动现场的照片。')
  await dialog.getByRole('button', { name: '退回修改' }).click()
  await coordinator.getByTestId('activity-state').getByText('已退回', { exact: true }).waitFor()
  await coordinator.context().close()

  await page.goto(`/partner/${partnerId}/activities?status=rejected`)
  await page.getByRole('link', { name: activity.title }).first().waitFor()
  await page.goto(`/partner/${partnerId}/activities/${activity.id}`)
  const state = page.getByTestId('activity-state')
  await state.getByText('退回原因：请补充一张能看清活动现场的照片。').waitFor()
  const photos = await page.getByRole('button', { name: /查看第 \d+ 张照片的大图/ }).count()
  await page.locator('#photo-camera').setInputFiles({ name: 'camera.jpg', mimeType: 'image/jpeg', buffer: PHOTO_WITH_GPS })
  await page.getByRole('button', { name: `查看第 ${photos + 1} 张照片的大图` }).waitFor()
  await page.getByRole('button', { name: '重新提交核实' }).click()
  await state.getByText('待核实', { exact: true }).waitFor()
  await page.context().close()
})

test('a broken photo is refused in words, next to its file', async () => {
  const page = await newPage(browser)
  await logIn(page, PARTNER_ADMIN)
  const drafts = await apiGet(page, '/api/v1/activities/?status=draft')
  const draft = drafts.results[0]
  await page.goto(`/partner/${draft.partner.id}/activities/${draft.id}`)
  await page.locator('#photo-gallery').setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a picture') })
  await page.getByText('请上传 JPEG、PNG 或 WebP 格式的照片。').waitFor()
  await page.context().close()
})

test('a coordinator invites a partner from the suggestions, its admin accepts with a commitment', async () => {
  const admin = await newPage(browser)
  await logIn(admin, PARTNER_ADMIN)
  const adminMe = await apiGet(admin, '/api/v1/auth/me/')
  const partner = adminMe.memberships.find((membership) => membership.role === 'partner_admin').partner

  // The demo partner already takes part in both campaigns of the coordinator's street: the coordinator starts
  // one more that wants universities (the demo partner is one, so it is among the first suggestions).
  const coordinator = await newPage(browser, { width: 1280, height: 900 })
  await logIn(coordinator, COORDINATOR)
  const me = await api(coordinator, 'GET', '/api/v1/auth/me/')
  const title = `高校志愿服务进社区 e2e ${Date.now()}`
  const day = (days) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10)
  const campaign = await api(coordinator, 'POST', '/api/v1/campaigns/', {
    title,
    theme: 'civility',
    center: me.memberships.find((membership) => membership.role === 'coordinator').center.id,
    starts_on: day(0),
    ends_on: day(60),
    partner_kinds_wanted: ['university'],
  })
  await api(coordinator, 'POST', `/api/v1/campaigns/${campaign.id}/publish/`)

  await coordinator.goto(`/console/campaigns/${campaign.id}`)
  const suggestion = coordinator
    .getByTestId('partner-candidate')
    .filter({ has: coordinator.getByRole('heading', { level: 4, name: partner.name }) })
  await suggestion.getByText('尚未参与').waitFor()
  await suggestion.getByRole('button', { name: `邀请${partner.name}参与本行动` }).click()
  const dialog = coordinator.getByRole('dialog', { name: `邀请${partner.name}参与本行动` })
  await dialog.getByLabel(/给对方的话/).fill('贵校学生志愿者多，诚邀参加文明交通劝导。')
  await dialog.getByRole('button', { name: '发送邀请' }).click()
  await dialog.waitFor({ state: 'hidden' })
  await suggestion.getByText('已邀请', { exact: true }).waitFor()
  assert.equal(await suggestion.getByRole('button', { name: /^邀请/ }).count(), 0, 'no second invitation')
  const joined = coordinator.getByTestId('participation').filter({ hasText: partner.name })
  await joined.getByText('等待对方单位答复并写明承诺。').waitFor()

  await admin.goto(`/partner/${partner.id}/campaigns`)
  const invitation = admin.getByRole('article', { name: title })
  await invitation.getByText('组织方留言：贵校学生志愿者多，诚邀参加文明交通劝导。').waitFor()
  await loaded(admin)
  assert.deepEqual(await seriousViolations(admin), [], 'axe with an invitation waiting')
  await invitation.getByRole('button', { name: /^接受邀请/ }).click()
  await invitation.getByRole('button', { name: '接受并提交承诺' }).click()
  await invitation.getByText('请写明本单位承诺做什么。').waitFor()
  await invitation.getByLabel('本单位的承诺').fill('每周六组织十名师生志愿者参加路口劝导')
  await invitation.getByRole('button', { name: '接受并提交承诺' }).click()
  const taken = admin.getByTestId('participation').filter({ hasText: title })
  await taken.getByText('已接受', { exact: true }).waitFor()
  await taken.getByText('承诺：每周六组织十名师生志愿者参加路口劝导').waitFor()
  await admin.context().close()

  await coordinator.reload()
  await joined.getByText('承诺：每周六组织十名师生志愿者参加路口劝导').waitFor()
  await joined.getByText('已接受', { exact: true }).waitFor()
  await suggestion.getByText('已参与', { exact: true }).waitFor()
  await coordinator.context().close()
})

for (const options of [{}, { elder: true }, { locale: 'en' }, { width: 1280, height: 900 }]) {
  test(`partner pages have no serious axe violations ${JSON.stringify(options)}`, async () => {
    const check = async (page, path) => {
      await page.goto(path)
      await loaded(page)
      assert.deepEqual(await seriousViolations(page), [], `axe on ${path}`)
    }
    const visitor = await newPage(browser, options)
    await check(visitor, '/partners')
    await check(visitor, '/partners/apply')
    await visitor.context().close()

    const admin = await newPage(browser, options)
    await logIn(admin, PARTNER_ADMIN)
    const { partnerId } = await partnerProgress(admin)
    const activities = await apiGet(admin, `/api/v1/activities/?partner=${partnerId}&status=draft`)
    const agreements = await apiGet(admin, `/api/v1/partners/${partnerId}/agreements/`)
    for (const path of [
      '',
      '/activities',
      '/activities/new',
      `/activities/${activities.results[0].id}`,
      `/activities/${activities.results[0].id}/edit`,
      '/agreements',
      '/agreements/new',
      `/agreements/${agreements.results[0].id}/edit`,
      '/campaigns',
      '/members',
    ]) {
      await check(admin, `/partner/${partnerId}${path}`)
    }
    await admin.context().close()

    const coordinator = await newPage(browser, options)
    await logIn(coordinator, COORDINATOR)
    for (const tab of ['activities', 'applications', 'campaigns']) await check(coordinator, `/console/partners?tab=${tab}`)
    const logs = await apiGet(coordinator, '/api/v1/activities/?page_size=1')
    await check(coordinator, `/console/partners/activities/${logs.results[0].id}`)
    await coordinator.getByRole('button', { name: /查看第 1 张照片的大图|Open photo 1 full size/ }).click()
    await coordinator.locator('.photo-viewer__img').waitFor()
    await coordinator.waitForFunction(() => !document.querySelector('[class*="-enter-active"]'))
    assert.deepEqual(await seriousViolations(coordinator), [], 'axe with the photo viewer open')
    await coordinator.context().close()
  })
}
