import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, test } from 'node:test'

import { launch, logIn, newPage, seriousViolations } from './helpers.mjs'

const DISTRICT_ADMIN = '13800000001'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser.close()
})

const settled = (page) => page.waitForFunction(() => !document.querySelector('.state--loading'))

/** Element's toasts (such as the welcome after logging in) fade out by themselves; axe looks at the page after. */
async function noSeriousViolations(page, where) {
  await page.waitForFunction(() => !document.querySelector('.el-message'))
  assert.deepEqual(await seriousViolations(page), [], `axe on ${where}`)
}

test('the district admin opens the dashboard: the three rates with intervals and targets, and the charts', async () => {
  const page = await newPage(browser, { width: 1280, height: 900 })
  await logIn(page, DISTRICT_ADMIN)
  await page.getByRole('link', { name: '创建测评' }).click()
  await page.getByRole('heading', { level: 1, name: '创建测评看板' }).waitFor()
  await page.getByRole('heading', { level: 2, name: /^海淀区 · / }).waitFor()

  for (const name of ['知晓率', '参与率', '满意度']) {
    const card = page.getByRole('article', { name })
    assert.match(await card.innerText(), /\d+\.\d%[\s\S]*95% 置信区间 \d+\.\d%–\d+\.\d%/, `${name} with its interval`)
    assert.match(await card.innerText(), /目标 ≥ \d+%[\s\S]*(已达标|有望达标|存在风险|未达标|样本不足)/, `${name} against its target`)
  }
  await page.locator('.chart canvas').first().waitFor()
  assert.ok((await page.locator('.chart canvas').count()) >= 2, 'the trend and the ranking are drawn')
  assert.match(await page.getByRole('img', { name: /满意度最近 12 周每周走势图/ }).getAttribute('aria-label'), /详细数据见图下表格/)
  await page.getByText('以表格查看满意度走势数据').click()
  await page.getByRole('table', { name: /满意度最近 12 周每周走势图/ }).waitFor()
  await page.getByRole('table', { name: '街道 / 乡镇排名' }).waitFor()
  await noSeriousViolations(page, 'the dashboard')

  const first = page.getByRole('table', { name: '街道 / 乡镇排名' }).locator('tbody button').first()
  const street = await first.innerText()
  await first.click()
  await page.getByRole('heading', { level: 2, name: new RegExp(`^${street} · `) }).waitFor()
  await page.locator('.chart canvas').first().waitFor()
  assert.match(page.url(), /street=\d+/)
  await page.context().close()
})

test('the district admin generates a weekly report and downloads the workbook', async () => {
  const page = await newPage(browser, { width: 1280, height: 900 })
  await logIn(page, DISTRICT_ADMIN)
  await page.goto('/district/reports')
  await page.getByRole('heading', { level: 1, name: '报告' }).waitFor()
  await settled(page)
  await page.locator('label', { hasText: '每周汇总' }).first().click()
  await page.getByLabel('区域').selectOption({ label: '海淀区' })
  await page.getByRole('button', { name: '生成', exact: true }).click()
  await page.getByText(/正在生成：每周汇总 · 海淀区/).waitFor()

  const row = page.locator('tbody tr', { hasText: '每周汇总' }).first()
  await row.getByText('已生成').waitFor({ timeout: 30_000 })
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: /下载 Excel/ }).click()])
  assert.match(download.suggestedFilename(), /^每周汇总-海淀区-\d{4}-\d{2}-\d{2}\.xlsx$/)
  const bytes = readFileSync(await download.path())
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an XLSX workbook is a ZIP file')
  await noSeriousViolations(page, 'the reports page')
  await page.context().close()
})

test('the district admin sets a target and deletes it again', async () => {
  const page = await newPage(browser, { width: 1280, height: 900 })
  await logIn(page, DISTRICT_ADMIN)
  await page.goto('/district/targets')
  await page.getByRole('heading', { level: 1, name: '目标管理' }).waitFor()
  await page.getByRole('button', { name: '新建目标' }).click()
  const form = page.locator('form.target-form')
  await form.getByLabel('街道 / 乡镇').selectOption({ label: '中关村街道' })
  await form.getByLabel('指标').selectOption({ label: '知晓率' })
  await form.getByLabel('统计周期').selectOption({ label: '按季度' })
  await form.getByLabel('目标值（%）').fill('150')
  await form.getByRole('button', { name: '保存目标' }).click()
  await form.getByText('请填写 0 到 100 之间的百分比').waitFor()
  await form.getByLabel('目标值（%）').fill('92')
  await form.getByLabel('备注（选填）').fill('街道创建责任书')
  await noSeriousViolations(page, 'the target form')
  await form.getByRole('button', { name: '保存目标' }).click()
  await page.getByText('已新建目标：知晓率').waitFor()

  await page.locator('#targets-area-street').selectOption({ label: '中关村街道' })
  await page.locator('#targets-metric').selectOption({ label: '知晓率' })
  const row = page.locator('.targets__item', { hasText: '街道创建责任书' })
  await row.getByText('≥ 92.0%').waitFor()
  await noSeriousViolations(page, 'the targets page')
  await row.getByRole('button', { name: /删除/ }).click()
  await page.getByRole('dialog').getByRole('button', { name: '删除' }).click()
  await page.getByText('目标已删除').waitFor()
  await row.waitFor({ state: 'detached' })
  await page.context().close()
})

for (const options of [{}, { locale: 'en' }, { elder: true }, { width: 1280, height: 900 }]) {
  test(`the district pages have no serious axe violations ${JSON.stringify(options)}`, async () => {
    const page = await newPage(browser, options)
    await logIn(page, DISTRICT_ADMIN)
    const surveys = await (await page.request.get('/api/v1/surveys/?is_template=false')).json()
    const campaigns = await (await page.request.get('/api/v1/campaigns/?page_size=1')).json()
    for (const path of [
      '/district',
      '/district/targets',
      '/district/surveys',
      '/district/surveys/new',
      `/district/surveys/${surveys.results[0].id}`,
      '/district/reports',
      `/district/campaigns/${campaigns.results[0].id}`,
    ]) {
      await page.goto(path)
      await page.getByRole('heading', { level: 1 }).first().waitFor()
      await settled(page)
      await noSeriousViolations(page, path)
    }
    await page.context().close()
  })
}
