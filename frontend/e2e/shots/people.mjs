// The volunteer directory, ledgers and teams, roles and the audit log (the district admin sees them all).
export default {
  login: '13800000001',
  desktopOnly: false,
  pages: [
    ['people-volunteers', '/console/volunteers'],
    ['people-volunteer', '/console/volunteers/301'],
    ['people-teams', '/console/teams'],
    ['people-team', '/console/teams/1'],
    ['people-team-new', '/console/teams/new'],
    ['people-roles', '/console/roles'],
    ['people-audit', '/console/audit-log'],
  ],
}
