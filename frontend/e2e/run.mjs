// Starts Django on a free port with a fresh SQLite demo database and runs the browser tests against it
// (`node --test e2e/*.test.mjs`), or, with --screenshots [dir], photographs every page instead.
// FRONTEND_DIST serves another build of the app; E2E_ONLY=partner,survey runs only the test files whose names
// contain one of those words.
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const frontend = resolve(here, '..')
const repo = resolve(frontend, '..')
const python = process.env.PYTHON ?? join(repo, '.venv/bin/python')

const dist = resolve(process.env.FRONTEND_DIST ?? join(frontend, 'dist'))
if (!existsSync(join(dist, 'index.html'))) {
  process.stderr.write(`${dist} is missing: run \`npm run build\` first.\n`)
  process.exit(1)
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => done(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

const work = mkdtempSync(join(tmpdir(), 'gongjian-e2e-'))
const env = {
  ...process.env,
  DATABASE_URL: `sqlite:///${join(work, 'db.sqlite3')}`,
  MEDIA_ROOT: join(work, 'media'),
  FRONTEND_DIST: dist,
  THROTTLE_LOGIN: '1000/min',
  THROTTLE_SIGNUP: '1000/min',
  THROTTLE_CHECK_IN: '1000/min',
}
for (const command of [['migrate', '--noinput', '-v', '0'], ['load_demo']]) {
  const result = spawnSync(python, ['manage.py', ...command], { cwd: repo, env, encoding: 'utf8' })
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout}${result.stderr}`)
    process.exit(result.status ?? 1)
  }
}

const port = await freePort()
const baseUrl = `http://127.0.0.1:${port}`
// The server's log goes to a file: a pipe nobody reads while the tests run would fill up and stall it.
const logFile = join(work, 'server.log')
const log = openSync(logFile, 'w')
const server = spawn(python, ['manage.py', 'runserver', '--noreload', `127.0.0.1:${port}`], {
  cwd: repo,
  env,
  stdio: ['ignore', log, log],
})

async function waitForServer() {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    try {
      const response = await fetch(`${baseUrl}/api/v1/auth/csrf/`)
      if (response.ok) return
    } catch {
      await new Promise((wait) => setTimeout(wait, 500))
    }
  }
  throw new Error(`Django did not start on ${baseUrl}:\n${readFileSync(logFile, 'utf8')}`)
}

let status = 1
try {
  await waitForServer()
  const screenshots = process.argv.indexOf('--screenshots')
  const only = (process.env.E2E_ONLY ?? '').split(',').filter(Boolean)
  const tests = readdirSync(here)
    .filter((name) => name.endsWith('.test.mjs'))
    .filter((name) => only.length === 0 || only.some((word) => name.includes(word)))
  const args =
    screenshots >= 0
      ? [join(here, 'screenshots.mjs'), process.argv[screenshots + 1] ?? '/tmp/shots']
      : ['--test', '--test-concurrency=1', ...tests.map((name) => join(here, name))]
  const run = spawnSync(process.execPath, args, { cwd: frontend, env: { ...process.env, BASE_URL: baseUrl }, stdio: 'inherit' })
  status = run.status ?? 1
} finally {
  server.kill()
  closeSync(log)
  rmSync(work, { recursive: true, force: true })
}
process.exit(status)
