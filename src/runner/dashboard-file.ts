// Where baton writes PROJECT_DASHBOARD.md unless told otherwise, relative to the repository
// root. Its own module: the runner's guard names it without loading the dashboard's queries.
export const dashboardFile = 'PROJECT_DASHBOARD.md';
