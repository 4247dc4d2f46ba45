export const lazy = () => 'lazy chunk loaded'
