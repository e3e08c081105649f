import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { request } from 'playwright-core'

import { BASE_URL, COORDINATOR, launch, logIn, newPage, seriousViolations } from './helpers.mjs'

const DISTRICT_ADMIN = '13800000001'
const CENTER = '中关村街道新时代文明实践所'

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

/** Someone registers as a volunteer through the API, so the district admin has a new account to give a role. */
async function registerSomeone(name) {
  const api = await request.newContext({ baseURL: BASE_URL })
  const phone = `158${String(Date.now() % 1e8).padStart(8, '0')}`
  const communities = await (await api.get(`/api/v1/areas/?level=community&search=${encodeURIComponent('颐北园')}`)).json()
  const response = await api.post('/api/v1/volunteers/', {
    data: {
      real_name: name,
      id_number: residentId('19850620', Number(phone.slice(-3))),
      phone,
      password: 'Gongjian-e2e-2026',
      home_area: communities.results[0].id,
      sensitive_pi_consent: true,
      consent_version: '2026-11',
    },
  })
  assert.equal(response.status(), 201, await response.text())
  await api.dispose()
  return phone
}

test('the coordinator finds a volunteer by skill, opens the ledger, adjusts and reverses an entry', async () => {
  const page = await newPage(browser, { width: 1280, height: 900 })
  await logIn(page, COORDINATOR)
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '志愿者' }).click()
  await page.getByRole('heading', { level: 1, name: '志愿者名录' }).waitFor()

  await page.getByLabel('技能').selectOption({ label: '应急救护' })
  await page.waitForURL((url) => url.searchParams.get('skill') === 'first-aid')
  await page.waitForFunction(() => !document.querySelector('.state--loading'))
  const rows = page.locator('tbody tr')
  assert.ok((await rows.count()) > 0)
  for (const skills of await rows.locator('td:nth-child(4)').allInnerTexts()) assert.match(skills, /应急救护/)
  assert.match(await rows.first().locator('td:nth-child(2)').innerText(), /^\d{6}\*{8}[\dX]{4}$/)

  await page.getByLabel('姓名').fill('张志愿')
  await page.getByRole('button', { name: '查找' }).click()
  await page.waitForURL((url) => url.searchParams.get('q') === '张志愿' && url.searchParams.get('skill') === 'first-aid')
  await page.getByRole('link', { name: '张志愿' }).click()
  await page.getByRole('heading', { level: 1, name: '张志愿' }).waitFor()
  const ledger = page.getByRole('region', { name: '服务时长记录' })
  await ledger.waitFor()
  await page.waitForFunction(() => !document.querySelector('.state--loading'))
  const before = await ledger.locator('tbody tr').count()
  assert.ok(before > 0)

  await page.getByLabel('调整时长（小时）').fill('1.5')
  await page.getByLabel('原因').fill('补记社区值守时长')
  await page.getByRole('button', { name: '记入调整' }).click()
  const adjustment = ledger.locator('tbody tr').filter({ hasText: '原因：补记社区值守时长' }).first()
  await adjustment.getByText('手工调整').waitFor()
  await adjustment.getByText('+1.5 小时').waitFor()

  await adjustment.getByRole('button', { name: /冲销/ }).click()
  const dialog = page.getByRole('dialog', { name: '冲销这条记录' })
  await dialog.getByRole('button', { name: '确定冲销' }).click()
  await dialog.getByText('这一项必须填写。').waitFor()
  await dialog.getByLabel('原因').fill('误记，撤回调整')
  await dialog.getByRole('button', { name: '确定冲销' }).click()
  await ledger.locator('tbody tr').filter({ hasText: '原因：误记，撤回调整' }).getByText('−1.5 小时').waitFor()
  await adjustment.getByText('已冲销').waitFor()
  assert.equal(await ledger.locator('tbody tr').count(), before + 2)
  // (the login's welcome toast, Element Plus's pale green on white, is not this page's to check)
  await page.locator('.el-message').waitFor({ state: 'detached' })
  assert.deepEqual(await seriousViolations(page), [])
  await page.context().close()
})

test('the coordinator forms a volunteer team with a leader found by name', async () => {
  const page = await newPage(browser)
  await logIn(page, COORDINATOR)
  await page.goto('/console/teams')
  await page.getByRole('link', { name: '新建服务队' }).click()
  await page.getByRole('heading', { level: 1, name: '新建志愿服务队' }).waitFor()
  await page.getByRole('button', { name: '新建服务队' }).click()
  await page.getByText('请选一位队长').waitFor()
  await page.getByLabel('所属实践中心 / 所 / 站').selectOption({ label: CENTER })
  await page.getByLabel('队名').fill('颐北园社区应急救护小队')
  await page.getByLabel('按姓名查找队长').fill('张志愿')
  await page.getByLabel('按姓名查找队长').press('Enter')
  await page.getByRole('button', { name: '选为队长 张志愿' }).click()
  await page.getByRole('button', { name: '新建服务队' }).click()
  await page.getByRole('heading', { level: 1, name: '颐北园社区应急救护小队' }).waitFor()
  assert.match(await page.getByText(/^所属单位：/).innerText(), new RegExp(CENTER))
  await page.context().close()
})

test('the district admin grants a coordinator role, sees it in the audit log and revokes it', async () => {
  const name = '郑授权'
  const phone = await registerSomeone(name)
  const page = await newPage(browser, { width: 1280, height: 900 })
  await logIn(page, DISTRICT_ADMIN)
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '账号与权限' }).click()
  await page.getByRole('heading', { level: 1, name: '角色与权限' }).waitFor()

  await page.getByLabel('对方注册账号用的手机号').fill('13799990000')
  await page.getByLabel('负责的实践中心 / 所 / 站').selectOption({ label: CENTER })
  await page.getByRole('button', { name: '授予角色' }).click()
  await page.locator('#people-grant-phone-hint').getByText('没有使用该手机号的账号').waitFor()

  await page.getByLabel('对方注册账号用的手机号').fill(phone)
  await page.getByRole('button', { name: '授予角色' }).click()
  await page.getByRole('status').getByText(`已授予 ${name} 协调员（${CENTER}）`).waitFor()
  const row = page.getByTestId('role-row').filter({ hasText: name })
  await row.getByText(`${phone.slice(0, 3)}****${phone.slice(-4)}`).waitFor()

  await page.getByRole('link', { name: '操作记录' }).click()
  await page.getByRole('heading', { level: 1, name: '操作记录' }).waitFor()
  await page.getByLabel('操作', { exact: true }).selectOption({ label: '授予角色' })
  await page.waitForURL((url) => url.searchParams.get('action') === 'role_granted')
  const granted = page.getByTestId('audit-row').first()
  await granted.getByText('授予角色').waitFor()
  await granted.getByText('区文明办管理员').waitFor()
  assert.match(await granted.innerText(), /角色：协调员/)

  await page.goto('/console/roles')
  await row.getByRole('button', { name: /撤销/ }).click()
  await page.getByRole('dialog').getByRole('button', { name: '撤销' }).click()
  await page.getByText(`已撤销 ${name} 的角色`).waitFor()
  await row.waitFor({ state: 'detached' })

  await page.goto('/console/audit-log?action=role_revoked')
  await page.getByTestId('audit-row').first().getByText('撤销角色').waitFor()
  await page.context().close()
})

/** The page is drawn, and the login's welcome toast (Element Plus's pale green, not these pages') has gone. */
const loaded = async (page) => {
  await page.getByRole('heading', { level: 1 }).first().waitFor()
  await page.waitForFunction(() => !document.querySelector('.state--loading'))
  await page.locator('.el-message').waitFor({ state: 'detached' })
}

async function check(page, path) {
  await page.goto(path)
  await loaded(page)
  assert.deepEqual(await seriousViolations(page), [], `axe on ${path}`)
}

for (const options of [{}, { elder: true }, { locale: 'en' }, { width: 1280, height: 900 }]) {
  test(`the people pages have no serious axe violations ${JSON.stringify(options)}`, async () => {
    const coordinator = await newPage(browser, options)
    await logIn(coordinator, COORDINATOR)
    await check(coordinator, '/console/volunteers')
    await coordinator.locator('tbody a').first().click()
    await loaded(coordinator)
    assert.deepEqual(await seriousViolations(coordinator), [], 'axe on a volunteer')
    await check(coordinator, '/console/teams')
    await coordinator.locator('tbody a').first().click()
    await loaded(coordinator)
    assert.deepEqual(await seriousViolations(coordinator), [], 'axe on a team')
    await check(coordinator, '/console/teams/new')
    await coordinator.context().close()

    const district = await newPage(browser, options)
    await logIn(district, DISTRICT_ADMIN)
    await check(district, '/console/roles')
    await check(district, '/console/audit-log')
    await district.context().close()
  })
}
