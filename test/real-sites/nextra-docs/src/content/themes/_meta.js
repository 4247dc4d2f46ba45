export default {
  docs: 'Docs Theme',
  blog: 'Blog Theme'
}
