import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { launch, logIn, newPage, seriousViolations } from './helpers.mjs'

const DISTRICT_ADMIN = '13800000001'

let browser
let poster // { path, community, survey }
before(async () => {
  browser = await launch()
  poster = await posterLink()
})
after(async () => {
  await browser.close()
})

/** The demo's open survey and the link printed on one community's poster, read as the district admin would. */
async function posterLink() {
  const page = await newPage(browser, { width: 1280, height: 900 })
  await logIn(page, DISTRICT_ADMIN)
  const surveys = await (await page.request.get('/api/v1/surveys/?status=open&is_template=false')).json()
  const survey = surveys.results.find((item) => item.accepting)
  assert.ok(survey, 'the demo has an open survey')
  const detail = await (await page.request.get(`/api/v1/surveys/${survey.id}/`)).json()
  const community = detail.communities[0]
  const html = await (await page.request.get(`/api/v1/surveys/${survey.id}/poster/?community=${community.id}`)).text()
  const link = /<p class="link">([^<]+)<\/p>/.exec(html)?.[1]
  assert.ok(link, 'the poster prints its link')
  const url = new URL(link.replaceAll('&amp;', '&'))
  await page.context().close()
  return { path: `${url.pathname}${url.search}`, community, survey: detail }
}

/** Answers every question on the page that is showing: the first choice, a few words for text questions. */
async function answerAll(page, total) {
  for (let number = 1; number <= total; number += 1) {
    await page.getByText(`第 ${number} 题，共 ${total} 题`).waitFor()
    const text = page.locator('textarea')
    if (await text.count()) await text.fill('希望多组织一些周末的志愿活动')
    else await page.locator('label.option').first().click()
    const button = number === total ? '提交问卷' : '下一题'
    await page.getByRole('button', { name: button }).click()
  }
}

/** Element's toasts (such as the welcome after logging in) fade out by themselves; axe looks at the page after. */
async function noSeriousViolations(page, where) {
  await page.waitForFunction(() => !document.querySelector('.el-message'))
  assert.deepEqual(await seriousViolations(page), [], `axe on ${where}`)
}

test('a resident opens a poster link at 360 px, answers every question and is thanked; answering again is refused', async () => {
  const page = await newPage(browser)
  await page.goto(poster.path)
  await page.getByRole('heading', { level: 1, name: poster.survey.title }).waitFor()
  await page.getByText(`您所在的社区：${poster.community.name}`).waitFor()
  assert.equal(await page.locator('#survey-community-street').count(), 0, 'no community to choose when the poster fixes it')
  await noSeriousViolations(page, 'the survey introduction')

  await page.getByRole('button', { name: '开始答题' }).click()
  const total = poster.survey.questions.length
  await page.getByText(`第 1 题，共 ${total} 题`).waitFor()
  await page.getByRole('button', { name: '下一题' }).click()
  await page.getByText('请选择一个答案后再继续').waitFor()
  await noSeriousViolations(page, 'a survey question with its error')

  await answerAll(page, total)
  await page.getByRole('heading', { level: 1, name: '感谢您的参与！' }).waitFor()
  await page.getByText(`您的回答已计入${poster.community.name}。`).waitFor()
  await noSeriousViolations(page, 'the thank-you page')

  await page.goto(poster.path)
  await page.getByRole('button', { name: '开始答题' }).click()
  await answerAll(page, total)
  await page.getByRole('heading', { level: 1, name: '您已经填过这份问卷了' }).waitFor()
  await page.getByText('每部手机只能填一次').waitFor()
  await page.context().close()
})

test('without a poster link the resident chooses the community; a damaged link is explained in words', async () => {
  const page = await newPage(browser)
  await page.goto(`/surveys/${poster.survey.id}`)
  await page.getByRole('button', { name: '开始答题' }).click()
  await page.getByText('请先选择您所在的社区').waitFor()
  await page.getByLabel('您所在的街道 / 乡镇').selectOption(poster.community.street)
  await page.getByLabel('您所在的社区 / 村').selectOption(String(poster.community.id))
  await page.getByRole('button', { name: '开始答题' }).click()
  await page.getByText(`第 1 题，共 ${poster.survey.questions.length} 题`).waitFor()
  await page.getByRole('button', { name: '上一题' }).click()
  await page.getByRole('button', { name: '开始答题' }).waitFor()

  await page.goto(`/surveys/${poster.survey.id}?c=not-a-signed-link`)
  await page.getByText('问卷链接已损坏或属于其他问卷').waitFor()
  await page.getByRole('link', { name: '不使用链接中的社区，自己选择社区后填写' }).click()
  await page.getByRole('button', { name: '开始答题' }).waitFor()

  await page.goto('/surveys/987654')
  await page.getByRole('heading', { level: 1, name: '没有找到这份问卷' }).waitFor()
  await page.context().close()
})

for (const options of [{ locale: 'en' }, { elder: true }, { width: 1280, height: 900 }]) {
  test(`the survey pages have no serious axe violations ${JSON.stringify(options)}`, async () => {
    const page = await newPage(browser, options)
    await page.goto(`/surveys/${poster.survey.id}`)
    await page.getByRole('heading', { level: 1, name: poster.survey.title }).waitFor()
    await noSeriousViolations(page, 'the survey introduction')
    await page.goto(poster.path)
    await page.locator('.survey__intro .el-button').click()
    await page.locator('progress').waitFor()
    await noSeriousViolations(page, 'a survey question')
    await page.context().close()
  })
}

test('the district admin creates a survey from the template, opens it and prints a community poster', async () => {
  const page = await newPage(browser, { width: 1280, height: 900 })
  await logIn(page, DISTRICT_ADMIN)
  await page.goto('/district/surveys')
  await page.getByRole('heading', { level: 1, name: '问卷管理' }).waitFor()
  await page.waitForFunction(() => !document.querySelector('.state--loading'))
  await noSeriousViolations(page, 'the survey list')

  await page.getByRole('button', { name: '新建问卷' }).click()
  await page.getByRole('heading', { level: 1, name: '新建问卷' }).waitFor()
  await page.waitForFunction(() => document.querySelector('#survey-template')?.value !== '')
  await page.getByLabel('问卷标题').fill('中关村街道居民满意度回访')
  await page.getByLabel('街道 / 乡镇').selectOption({ label: '中关村街道' })
  await noSeriousViolations(page, 'the new survey form')
  await page.getByRole('button', { name: '保存为草稿' }).click()

  await page.getByRole('heading', { level: 1, name: '中关村街道居民满意度回访' }).waitFor()
  await page.locator('.survey-status', { hasText: '草稿' }).waitFor()
  await page.getByRole('button', { name: '开放问卷' }).click()
  await page.locator('.survey-status', { hasText: '收集中' }).waitFor()
  await page.waitForFunction(() => !document.querySelector('.state--loading'))
  await noSeriousViolations(page, 'the survey page')

  const posterStreet = page.locator('#poster-street')
  assert.deepEqual(await posterStreet.locator('option').allTextContents(), ['请选择街道', '中关村街道'])
  await page.locator('#poster-community').selectOption({ index: 1 })
  const [popup] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: '打开海报（可打印）' }).click()])
  await popup.waitForLoadState()
  const link = await popup.locator('.link').innerText()
  assert.match(link, /\/surveys\/\d+\?c=/)
  await popup.close()
  await page.context().close()
})
