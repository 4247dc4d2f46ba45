export const shared = (page) => `rendered by the ${page} bundle`
